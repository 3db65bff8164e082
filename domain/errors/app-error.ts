/**
 * One error type for the whole product, with a closed set of codes and one
 * code → HTTP status table. Every code says whether retrying the same request
 * later can succeed.
 */
import { z } from 'zod';

export const ZAppErrorCodeSchema = z.enum([
  'BAD_REQUEST', // malformed JSON, wrong content type
  'VALIDATION_FAILED', // well-formed, but fields are wrong (see `issues`)
  'RULE_BLOCKED', // valid fields, but the pre-check blocks an item
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'METHOD_NOT_ALLOWED',
  'CONFLICT', // e.g. an Idempotency-Key reused with a different body
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'RATE_LIMITED',
  'UPSTREAM_UNAVAILABLE', // a department, shared-data or WeChat system
  'STORAGE_UNAVAILABLE', // Redis or the blob store
  'RULE_DATA_MISSING', // e.g. no holiday arrangement for a year yet
  'INTERNAL',
]);
export type TAppErrorCode = z.infer<typeof ZAppErrorCodeSchema>;

interface TCodeInfo {
  status: number;
  retryable: boolean;
  message: string;
}

export const APP_ERROR_CODES: Readonly<Record<TAppErrorCode, TCodeInfo>> = {
  BAD_REQUEST: { status: 400, retryable: false, message: '请求格式不正确' },
  VALIDATION_FAILED: { status: 422, retryable: false, message: '填写的内容有误，请按提示修改' },
  RULE_BLOCKED: { status: 422, retryable: false, message: '申请不符合办理条件，请按提示修改' },
  UNAUTHENTICATED: { status: 401, retryable: false, message: '请先登录' },
  FORBIDDEN: { status: 403, retryable: false, message: '没有权限进行此操作' },
  NOT_FOUND: { status: 404, retryable: false, message: '未找到相关记录' },
  METHOD_NOT_ALLOWED: { status: 405, retryable: false, message: '不支持该请求方法' },
  CONFLICT: { status: 409, retryable: false, message: '与已有记录冲突' },
  PAYLOAD_TOO_LARGE: { status: 413, retryable: false, message: '提交的内容过大' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, retryable: false, message: '不支持的内容类型' },
  RATE_LIMITED: { status: 429, retryable: true, message: '操作过于频繁，请稍后再试' },
  UPSTREAM_UNAVAILABLE: { status: 503, retryable: true, message: '相关部门系统暂时不可用，请稍后再试' },
  STORAGE_UNAVAILABLE: { status: 503, retryable: true, message: '服务暂时不可用，请稍后再试' },
  RULE_DATA_MISSING: { status: 503, retryable: false, message: '办理所需的规则数据尚未更新，请联系窗口工作人员' },
  INTERNAL: { status: 500, retryable: true, message: '系统内部错误，请稍后再试' },
};

/** One problem with one field: `path` is the field's path in the form. */
export const ZFieldIssueSchema = z.object({
  path: z.array(z.union([z.string(), z.number()])),
  code: z.string(),
  message: z.string(),
});
export type TFieldIssue = z.infer<typeof ZFieldIssueSchema>;

export const ZAppErrorBodySchema = z.object({
  error: z.object({
    code: ZAppErrorCodeSchema,
    message: z.string(),
    retryable: z.boolean(),
    /** One entry per wrong field, each with its Chinese message. */
    fields: z.array(ZFieldIssueSchema).optional(),
    retryAfterSeconds: z.number().int().nonnegative().optional(),
  }),
});
export type TAppErrorBody = z.infer<typeof ZAppErrorBodySchema>;

export class AppError extends Error {
  readonly code: TAppErrorCode;
  readonly issues?: TFieldIssue[];
  readonly retryAfterSeconds?: number;

  constructor(code: TAppErrorCode, options: { message?: string; issues?: TFieldIssue[]; retryAfterSeconds?: number; cause?: unknown } = {}) {
    super(options.message ?? APP_ERROR_CODES[code].message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    if (options.issues) this.issues = options.issues;
    if (options.retryAfterSeconds !== undefined) this.retryAfterSeconds = options.retryAfterSeconds;
  }

  get status(): number {
    return APP_ERROR_CODES[this.code].status;
  }

  get retryable(): boolean {
    return APP_ERROR_CODES[this.code].retryable;
  }

  toBody(): TAppErrorBody {
    return {
      error: {
        code: this.code,
        message: this.message,
        retryable: this.retryable,
        ...(this.issues ? { fields: this.issues } : {}),
        ...(this.retryAfterSeconds !== undefined ? { retryAfterSeconds: this.retryAfterSeconds } : {}),
      },
    };
  }

  /** Anything thrown, as an AppError (unknown errors become INTERNAL). */
  static from(error: unknown): AppError {
    if (error instanceof AppError) return error;
    if (error instanceof Error && error.name === 'CalendarDataMissingError') {
      return new AppError('RULE_DATA_MISSING', { message: error.message, cause: error });
    }
    return new AppError('INTERNAL', { cause: error });
  }
}
