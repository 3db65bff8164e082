/**
 * WeChat server APIs, over HttpClient: login (jscode2session), the stable
 * access_token, and 人脸核身 2.0 (getVerifyId / queryVerifyInfo).
 *
 * WeChat answers errors as HTTP 200 `{ errcode, errmsg }`; those become
 * `WeChatApiError` (with the errcode's meaning in Chinese and a `kind`).
 * Network failures, timeouts, 5xx and malformed answers stay `UpstreamError`.
 *
 * jscode2session is never retried: a login code works once, so a retry after a
 * lost answer would only earn 40163. The access_token is cached in memory
 * until five minutes before it expires, with one refresh in flight at a time;
 * a face API answering 40001/42001 drops the cache and is tried once more.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { HttpClient, UpstreamError, type CircuitBreaker, type TRequest } from '../adapters/http';
import { faceCertHash } from './cert-hash';

export interface TWeChatClientOptions {
  baseUrl: string;
  timeoutMs: number;
  retries?: number;
  breaker?: CircuitBreaker;
  appid: string;
  secret: string;
  fetchImpl?: typeof fetch;
  now?: () => number;
}

export type TWeChatErrorKind =
  | 'invalid_code'
  | 'code_used'
  | 'high_risk_user'
  | 'rate_limited'
  | 'bad_credentials'
  | 'token_invalid'
  | 'invalid_openid'
  | 'bad_request'
  | 'system_busy'
  | 'verify_pending'
  | 'verify_expired'
  | 'other';

const ERRCODES: Record<number, { kind: TWeChatErrorKind; meaning: string }> = {
  [-1]: { kind: 'system_busy', meaning: '微信系统繁忙，请稍后再试' },
  40029: { kind: 'invalid_code', meaning: '登录凭证无效，请重新登录' },
  40163: { kind: 'code_used', meaning: '登录凭证已被使用，请重新登录' },
  40226: { kind: 'high_risk_user', meaning: '微信判定该账号为高风险用户，暂时无法登录' },
  45011: { kind: 'rate_limited', meaning: '操作过于频繁，请稍后再试' },
  45009: { kind: 'rate_limited', meaning: '接口调用次数已达今日上限' },
  40013: { kind: 'bad_credentials', meaning: '小程序 AppID 无效（配置错误）' },
  40125: { kind: 'bad_credentials', meaning: '小程序 AppSecret 无效（配置错误）' },
  40002: { kind: 'bad_request', meaning: 'grant_type 不正确' },
  41008: { kind: 'invalid_code', meaning: '缺少登录凭证' },
  41001: { kind: 'token_invalid', meaning: '缺少 access_token' },
  40001: { kind: 'token_invalid', meaning: 'access_token 无效或不是最新' },
  42001: { kind: 'token_invalid', meaning: 'access_token 已过期' },
  40003: { kind: 'invalid_openid', meaning: '用户标识 openid 无效' },
  47001: { kind: 'bad_request', meaning: '请求数据格式不正确' },
  // Simulator-specific (see functions/simulators/wechat/wechat.ts); the real API's answers here were not confirmed.
  9_410_001: { kind: 'verify_pending', meaning: '人脸核身尚未完成' },
  9_410_002: { kind: 'verify_expired', meaning: '人脸核身会话已过期，请重新发起' },
};

export class WeChatApiError extends Error {
  readonly kind: TWeChatErrorKind;
  /** The errcode's meaning, in Chinese, fit to show or log. */
  readonly meaning: string;

  constructor(
    readonly api: string,
    readonly errcode: number,
    readonly errmsg: string,
  ) {
    const known = ERRCODES[errcode];
    super(`微信${api}：${known?.meaning ?? '调用失败'}（errcode ${errcode}）`);
    this.name = 'WeChatApiError';
    this.kind = known?.kind ?? 'other';
    this.meaning = known?.meaning ?? `微信接口返回错误（${errcode}）`;
  }

  /** Whether the same call may succeed later. */
  get retryable(): boolean {
    return this.kind === 'system_busy' || this.kind === 'rate_limited';
  }
}

/** verify_ret of queryVerifyInfo, in Chinese (from WeChat's enum; 10004's wording is ours). */
const VERIFY_RET: Record<number, string> = {
  10000: '人脸核身通过',
  10001: '参数错误',
  10002: '人脸特征检测失败',
  10003: '身份证号不匹配',
  10004: '人脸与身份证件信息比对不一致',
  90001: '设备不支持人脸检测',
  90002: '用户取消了人脸核身',
  90003: '用户取消了人脸核身',
  90004: '用户取消了人脸核身',
  90005: '用户取消了人脸核身',
  90006: '用户取消了人脸核身',
  90007: '网络错误',
  90008: '相机权限未授权',
  90009: '麦克风权限未授权',
  90010: '相机和麦克风权限都未授权',
  90017: '识别过程超时',
  90018: '系统错误',
};

export interface TSession {
  openid: string;
  sessionKey: string;
  unionid?: string;
}

/** What to keep between getVerifyId and queryVerifyInfo (no name or ID number in clear). */
export interface TFaceVerifySession {
  verifyId: string;
  outSeqNo: string;
  openid: string;
  /** Binds the result to the name + ID number it was started for: `faceCertHash(name, idNumber)`. */
  certHash: string;
  /** Until when the person can start the face check (ms since epoch). */
  expiresAt: number;
}

export type TFaceVerifyResult =
  | { status: 'verified'; verified: true; verifyRet: 10000; certHash: string; message: string }
  | { status: 'failed'; verified: false; verifyRet: number; certHash: string; message: string }
  | { status: 'pending' | 'expired'; verified: false; certHash: string; message: string };

const ZErr = z.object({ errcode: z.number().int(), errmsg: z.string().optional() });
const ZWeChatAnswer = z.object({ errcode: z.number().int().optional(), errmsg: z.string().optional() });
const ZCode2Session = ZWeChatAnswer.extend({ openid: z.string().min(1).optional(), session_key: z.string().min(1).optional(), unionid: z.string().min(1).optional() });
const ZStableToken = ZWeChatAnswer.extend({ access_token: z.string().min(1).optional(), expires_in: z.number().int().positive().optional() });
const ZGetVerifyId = ZWeChatAnswer.extend({ verify_id: z.string().min(1).optional(), expires_in: z.number().int().positive().optional() });
const ZQueryVerifyInfo = ZWeChatAnswer.extend({ verify_ret: z.number().int().optional() });

export class WeChatClient {
  readonly http: HttpClient;
  /** Same breaker, no retries: for calls that must not be repeated (login codes). */
  private readonly once: HttpClient;
  private readonly now: () => number;
  private token: { value: string; refreshAt: number } | undefined;
  private refreshing: Promise<string> | undefined;

  constructor(private readonly options: TWeChatClientOptions) {
    const common = { name: '微信', baseUrl: options.baseUrl, timeoutMs: options.timeoutMs, fetchImpl: options.fetchImpl };
    this.http = new HttpClient({ ...common, retries: options.retries, breaker: options.breaker });
    this.once = new HttpClient({ ...common, retries: 0, breaker: this.http.breaker });
    this.now = options.now ?? Date.now;
  }

  private static check<T extends { errcode?: number; errmsg?: string }>(api: string, answer: T): T {
    if (answer.errcode !== undefined && answer.errcode !== 0) throw new WeChatApiError(api, answer.errcode, answer.errmsg ?? '');
    return answer;
  }

  private invalid(what: string): UpstreamError {
    return new UpstreamError(this.http.name, 'invalid_response', `${what}响应缺少必要字段`);
  }

  /** 登录：wx.login 的 code → openid、session_key (and unionid when bound). Throws WeChatApiError (40029, 40163, …). */
  async code2Session(code: string): Promise<TSession> {
    const answer = WeChatClient.check(
      '登录',
      await this.once.request(
        {
          path: '/sns/jscode2session',
          query: { appid: this.options.appid, secret: this.options.secret, js_code: code, grant_type: 'authorization_code' },
        },
        ZCode2Session,
      ),
    );
    if (!answer.openid || !answer.session_key) throw this.invalid('登录');
    return { openid: answer.openid, sessionKey: answer.session_key, ...(answer.unionid ? { unionid: answer.unionid } : {}) };
  }

  /** The stable access_token, cached until 5 minutes before expiry; one refresh at a time. */
  async getAccessToken(): Promise<string> {
    if (this.token && this.now() < this.token.refreshAt) return this.token.value;
    this.refreshing ??= this.fetchToken().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  private async fetchToken(): Promise<string> {
    const answer = WeChatClient.check(
      '获取接口调用凭证',
      await this.http.request(
        {
          method: 'POST',
          path: '/cgi-bin/stable_token',
          body: { grant_type: 'client_credential', appid: this.options.appid, secret: this.options.secret, force_refresh: false },
          // normal mode returns the same token: safe to retry
          idempotencyKey: 'stable_token',
        },
        ZStableToken,
      ),
    );
    if (!answer.access_token || !answer.expires_in) throw this.invalid('获取接口调用凭证');
    // the platform hands out the next token in the last 5 minutes; refresh then (or at half-life for short tokens)
    const margin = Math.min(5 * 60, Math.floor(answer.expires_in / 2));
    this.token = { value: answer.access_token, refreshAt: this.now() + (answer.expires_in - margin) * 1000 };
    return answer.access_token;
  }

  /** A POST with the access_token in the query; a stale token is dropped and the call made once more. */
  private async withToken<S extends z.ZodType<{ errcode?: number; errmsg?: string }>>(api: string, req: Omit<TRequest, 'query'>, schema: S): Promise<z.output<S>> {
    for (let attempt = 0; ; attempt++) {
      const token = await this.getAccessToken();
      const answer = await this.http.request({ ...req, query: { access_token: token } }, schema);
      const parsed = ZErr.safeParse(answer);
      if (attempt === 0 && parsed.success && [40001, 42001, 41001].includes(parsed.data.errcode)) {
        this.token = undefined;
        continue;
      }
      return WeChatClient.check(api, answer);
    }
  }

  /** 人脸核身：registers name + ID number for this openid; the mini-program then calls wx.requestFacialVerify({ verifyId }). */
  async getVerifyId(input: { name: string; idNumber: string; openid: string; outSeqNo?: string }): Promise<TFaceVerifySession & { expiresIn: number }> {
    const outSeqNo = input.outSeqNo ?? randomUUID().replaceAll('-', '');
    const answer = await this.withToken(
      '人脸核身',
      {
        method: 'POST',
        path: '/cityservice/face/identify/getverifyid',
        body: { out_seq_no: outSeqNo, cert_info: { cert_type: 'IDENTITY_CARD', cert_name: input.name, cert_no: input.idNumber }, openid: input.openid },
      },
      ZGetVerifyId,
    );
    if (!answer.verify_id || !answer.expires_in) throw this.invalid('人脸核身');
    return {
      verifyId: answer.verify_id,
      outSeqNo,
      openid: input.openid,
      certHash: faceCertHash(input.name, input.idNumber),
      expiresAt: this.now() + answer.expires_in * 1000,
      expiresIn: answer.expires_in,
    };
  }

  /** The real result of a face check (never trust the front end's success callback). */
  async queryVerifyInfo(session: Pick<TFaceVerifySession, 'verifyId' | 'outSeqNo' | 'openid' | 'certHash'>): Promise<TFaceVerifyResult> {
    const { certHash } = session;
    let answer: z.output<typeof ZQueryVerifyInfo>;
    try {
      answer = await this.withToken(
        '人脸核身结果查询',
        {
          method: 'POST',
          path: '/cityservice/face/identify/queryverifyinfo',
          body: { verify_id: session.verifyId, out_seq_no: session.outSeqNo, cert_hash: certHash, openid: session.openid },
          idempotencyKey: session.verifyId, // a read: safe to retry
        },
        ZQueryVerifyInfo,
      );
    } catch (error) {
      if (error instanceof WeChatApiError && (error.kind === 'verify_pending' || error.kind === 'verify_expired')) {
        return { status: error.kind === 'verify_pending' ? 'pending' : 'expired', verified: false, certHash, message: error.meaning };
      }
      throw error;
    }
    if (answer.verify_ret === undefined) throw this.invalid('人脸核身结果查询');
    if (answer.verify_ret === 10000) return { status: 'verified', verified: true, verifyRet: 10000, certHash, message: VERIFY_RET[10000]! };
    return {
      status: 'failed',
      verified: false,
      verifyRet: answer.verify_ret,
      certHash,
      message: VERIFY_RET[answer.verify_ret] ?? `人脸核身未通过（${answer.verify_ret}）`,
    };
  }
}
