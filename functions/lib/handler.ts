/**
 * Transport for every handler in `functions/api/**`, in the @vercel/node
 * style: a handler is thin — parse with the domain's zod schemas, call a use
 * case, map `AppError` to HTTP. Nothing a client sends can produce a 500:
 * malformed JSON is 400, a wrong content type 415, more than 1 MB 413, a
 * wrong method 405; only a bug or an outage is 5xx (and an outage says retry).
 */
import type { VercelRequest, VercelResponse } from '@vercel/node';
import type { z } from 'zod';
import { AppError, parseWithIssues, type TFieldIssue } from '../../domain';
import { isStorageUnavailable } from '../storage/errors';
import { UpstreamError } from '../adapters/http';
import { WeChatTokenError } from '../wechat/client';
import { logger } from './logger';

export type TMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';
export type THandler = (req: VercelRequest, res: VercelResponse) => Promise<void>;
type TMethodHandler = (req: VercelRequest, res: VercelResponse) => Promise<unknown>;

export const MAX_BODY_BYTES = 1_048_576;

/** A handler answering the given methods; 405 with `Allow` for the rest. */
export function route(methods: Partial<Record<TMethod, TMethodHandler>>): THandler {
  const allowed = Object.keys(methods).join(', ');
  return async (req, res) => {
    try {
      const run = methods[(req.method ?? 'GET').toUpperCase() as TMethod];
      if (!run) {
        res.setHeader('Allow', allowed);
        throw new AppError('METHOD_NOT_ALLOWED', { message: `不支持 ${req.method} 方法` });
      }
      const length = Number(req.headers['content-length'] ?? 0);
      if (length > MAX_BODY_BYTES) throw new AppError('PAYLOAD_TOO_LARGE');
      const result = await run(req, res);
      if (!res.headersSent && result !== undefined) res.status(200).json(result);
    } catch (error) {
      sendError(res, error, req);
    }
  };
}

export function sendError(res: VercelResponse, error: unknown, req?: VercelRequest): void {
  const appError = toAppError(error);
  if (appError.code === 'INTERNAL') {
    logger.error('unhandled error', { path: req?.url?.split('?')[0], method: req?.method, error });
  }
  if (res.headersSent) return;
  if (appError.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(appError.retryAfterSeconds));
  res.status(appError.status).json(appError.toBody());
}

function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  // @vercel/node (and our local adapter) throw on reading an invalid JSON body
  const status = (error as { statusCode?: number; status?: number } | undefined)?.statusCode ?? (error as { status?: number } | undefined)?.status;
  if (status === 400) return new AppError('BAD_REQUEST', { message: '请求体不是有效的 JSON' });
  if (status === 413) return new AppError('PAYLOAD_TOO_LARGE');
  if (isStorageUnavailable(error)) return new AppError('STORAGE_UNAVAILABLE', { retryAfterSeconds: 5, cause: error });
  // an outside system (a department, shared data, WeChat) that cannot answer now: 503 with a retry hint, never a 500
  if (error instanceof UpstreamError) return new AppError('UPSTREAM_UNAVAILABLE', { message: `${error.upstream}暂时无法访问，请稍后重试`, retryAfterSeconds: 10, cause: error });
  if (error instanceof WeChatTokenError) {
    return new AppError('UPSTREAM_UNAVAILABLE', { message: '微信接口暂时不可用，请稍后重试', retryAfterSeconds: Math.max(1, Math.ceil((error.retryAfterMs ?? 10_000) / 1000)), cause: error });
  }
  return AppError.from(error);
}

/** The JSON body, validated; 415 for another content type, 422 with per-field messages. */
export function parseBody<S extends z.ZodType>(req: VercelRequest, schema: S): z.output<S> {
  const type = String(req.headers['content-type'] ?? '');
  if (!/^application\/json\b/i.test(type)) {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', { message: '请以 application/json 提交' });
  }
  return validate(schema, req.body);
}

/** Query parameters, validated (only the first value of a repeated key). */
export function parseQuery<S extends z.ZodType>(req: VercelRequest, schema: S): z.output<S> {
  const flat = Object.fromEntries(Object.entries(req.query ?? {}).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  return validate(schema, flat);
}

export function validate<S extends z.ZodType>(schema: S, data: unknown, prefix: TFieldIssue['path'] = []): z.output<S> {
  const result = parseWithIssues(schema, data);
  if (!result.success) {
    throw new AppError('VALIDATION_FAILED', { issues: result.issues.map((i) => ({ ...i, path: [...prefix, ...i.path] })) });
  }
  return result.data;
}

/** A header's single value. */
export function header(req: VercelRequest, name: string): string | undefined {
  const v = req.headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}
