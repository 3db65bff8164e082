/**
 * WeChat server APIs, over HttpClient: login (jscode2session), the stable
 * access_token, 人脸核身 2.0 (getVerifyId / queryVerifyInfo) and
 * subscribeMessage.send.
 *
 * WeChat answers errors as HTTP 200 `{ errcode, errmsg }`; those become
 * `WeChatApiError` (with the errcode's meaning in Chinese and a `kind`).
 * Network failures, timeouts, 5xx and malformed answers stay `UpstreamError`.
 * sendSubscribeMessage never throws for those: it answers an outcome
 * (subscribe.ts).
 *
 * jscode2session is never retried: a login code works once, so a retry after a
 * lost answer would only earn 40163.
 *
 * The access_token (POST /cgi-bin/stable_token, normal mode) lives in a token
 * store — Redis in production, so every function instance shares it — until
 * about 300 s before it expires. One instance refreshes at a time (a lock in
 * the store); the others wait briefly and re-read, or keep using the current
 * token while it is still valid (the platform keeps the old one working in its
 * last 5 minutes). An API answering 40001/42001/40014 (stale token) makes the
 * client recover once and retry once: use a newer token another instance
 * stored; else ask normal mode, which already hands out the new token after
 * someone else's forced refresh or an expiry; only when WeChat still hands out
 * the refused token is `force_refresh` used — at most 20 a day and 30 s apart,
 * counted in the store, and beyond that a WeChatTokenError instead.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { HttpClient, UpstreamError, type CircuitBreaker, type TRequest } from '../adapters/http';
import { logger } from '../lib/logger';
import { faceCertHash } from './cert-hash';
import {
  outcomeOfErrcode,
  outcomeOfSendFailure,
  TOKEN_INVALID_ERRCODES,
  ZSubscribeSendAnswer,
  ZSubscribeSendInputSchema,
  type TSubscribeSendInput,
  type TSubscribeSendOutcome,
} from './subscribe';
import { MemoryTokenStore, WECHAT_FORCE_REFRESH_LIMITS, type TCachedToken, type TForceRefreshLimits, type TWeChatTokenStore } from './token-store';

export interface TWeChatClientOptions {
  baseUrl: string;
  timeoutMs: number;
  retries?: number;
  breaker?: CircuitBreaker;
  appid: string;
  secret: string;
  fetchImpl?: typeof fetch;
  now?: () => number;
  /** Where the access_token is shared (RedisTokenStore in production); default: this process only. */
  tokenStore?: TWeChatTokenStore;
  /** WeChat's limits on force_refresh (default 20 a day, 30 s apart). */
  forceRefreshLimits?: TForceRefreshLimits;
  /** The refresh lock: how long it is held at most, how long others wait for it, how often they look (ms). */
  tokenLock?: { ttlMs?: number; waitMs?: number; pollMs?: number };
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
  40014: { kind: 'token_invalid', meaning: 'access_token 不合法' },
  40003: { kind: 'invalid_openid', meaning: '用户标识 openid 无效' },
  40037: { kind: 'bad_request', meaning: '订阅消息模板编号无效' },
  41030: { kind: 'bad_request', meaning: '订阅消息跳转页面不正确' },
  43101: { kind: 'other', meaning: '用户拒绝接收消息或订阅次数已用完' },
  47001: { kind: 'bad_request', meaning: '请求数据格式不正确' },
  47003: { kind: 'bad_request', meaning: '模板参数不符合规则' },
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

export type TWeChatTokenErrorKind = 'force_refresh_too_soon' | 'force_refresh_daily_cap' | 'refresh_busy' | 'store_unavailable';

/** The access_token could not be recovered without breaking WeChat's rules (or the shared store is out of reach). */
export class WeChatTokenError extends Error {
  constructor(
    readonly kind: TWeChatTokenErrorKind,
    message: string,
    /** When trying again makes sense (ms), if known. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'WeChatTokenError';
  }

  get retryable(): boolean {
    return true;
  }
}

/** Errors of the token store (Redis unreachable …), told apart from WeChat's. */
class TokenStoreFailure extends Error {
  constructor(readonly underlying: unknown) {
    super(`token store: ${(underlying as Error)?.message ?? String(underlying)}`);
  }
}

/** A cached token still this far from expiry may be used while another instance refreshes. */
const USABLE_WHILE_REFRESHING_MS = 30_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

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
  readonly tokenStore: TWeChatTokenStore;
  private readonly lock: { ttlMs: number; waitMs: number; pollMs: number };
  /** The last token this instance read or stored (saves a store round trip until its refreshAt). */
  private local: TCachedToken | undefined;
  private refreshing: Promise<string> | undefined;
  /** Recoveries in flight in this instance, by the refused token. */
  private readonly recovering = new Map<string, Promise<string>>();

  constructor(private readonly options: TWeChatClientOptions) {
    const common = { name: '微信', baseUrl: options.baseUrl, timeoutMs: options.timeoutMs, fetchImpl: options.fetchImpl };
    this.http = new HttpClient({ ...common, retries: options.retries, breaker: options.breaker });
    this.once = new HttpClient({ ...common, retries: 0, breaker: this.http.breaker });
    this.now = options.now ?? Date.now;
    this.tokenStore = options.tokenStore ?? new MemoryTokenStore();
    // held at most for a normal-mode fetch (with its retries) and a forced one
    const ttlMs = options.tokenLock?.ttlMs ?? options.timeoutMs * (2 + (options.retries ?? 0)) + 1_000;
    this.lock = { ttlMs, waitMs: options.tokenLock?.waitMs ?? ttlMs + 500, pollMs: options.tokenLock?.pollMs ?? 50 };
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

  /** The stable access_token, shared through the token store until ~5 minutes before expiry; one refresher at a time. */
  async getAccessToken(): Promise<string> {
    if (this.local && this.now() < this.local.refreshAt) return this.local.token;
    this.refreshing ??= this.obtainToken().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  private remember(token: TCachedToken): string {
    this.local = token;
    return token.token;
  }

  private async store<T>(op: (store: TWeChatTokenStore) => Promise<T>): Promise<T> {
    try {
      return await op(this.tokenStore);
    } catch (error) {
      throw new TokenStoreFailure(error);
    }
  }

  private async obtainToken(): Promise<string> {
    try {
      return await this.obtainThroughStore();
    } catch (error) {
      if (!(error instanceof TokenStoreFailure)) throw error;
      // normal mode never voids anyone's token: without the store, ask WeChat directly (more calls, nothing breaks)
      logger.warn('微信 access_token 共享存储不可用，直接向微信获取', { error: error.underlying });
      return this.remember(await this.fetchToken(false));
    }
  }

  private async obtainThroughStore(): Promise<string> {
    const deadline = Date.now() + this.lock.waitMs;
    for (;;) {
      const cached = await this.store((s) => s.read());
      if (cached && this.now() < cached.refreshAt) return this.remember(cached);
      const owner = randomUUID();
      if (await this.store((s) => s.tryLock(owner, this.lock.ttlMs))) {
        try {
          const again = await this.store((s) => s.read());
          if (again && this.now() < again.refreshAt) return this.remember(again);
          const fetched = await this.fetchToken(false);
          return this.remember((await this.store((s) => s.compareAndSet(again?.token, fetched, this.now()))).current);
        } finally {
          await this.tokenStore.unlock(owner).catch(() => undefined); // else it expires by itself
        }
      }
      // another instance is refreshing: the current token still works meanwhile
      if (cached && this.now() < cached.expiresAt - USABLE_WHILE_REFRESHING_MS) return cached.token;
      if (Date.now() >= deadline) throw new WeChatTokenError('refresh_busy', '获取微信接口调用凭证超时（另一实例正在刷新），请稍后再试');
      await sleep(this.lock.pollMs);
    }
  }

  /**
   * After WeChat refused `refused` as stale (40001/42001/40014): a working token,
   * forcing a refresh only when nothing else gives one. One recovery per refused
   * token in this instance, one across instances through the lock.
   */
  async recoverToken(refused: string): Promise<string> {
    let pending = this.recovering.get(refused);
    if (!pending) {
      pending = this.recover(refused).finally(() => this.recovering.delete(refused));
      this.recovering.set(refused, pending);
    }
    return pending;
  }

  private async recover(refused: string): Promise<string> {
    if (this.local?.token === refused) this.local = undefined;
    const usable = (t: TCachedToken | undefined): boolean => !!t && t.token !== refused && this.now() < t.expiresAt - USABLE_WHILE_REFRESHING_MS;
    const deadline = Date.now() + this.lock.waitMs;
    try {
      for (;;) {
        const cached = await this.store((s) => s.read());
        if (cached && usable(cached)) return this.remember(cached);
        const owner = randomUUID();
        if (await this.store((s) => s.tryLock(owner, this.lock.ttlMs))) {
          try {
            const again = await this.store((s) => s.read());
            if (again && usable(again)) return this.remember(again);
            // normal mode first: after a forced refresh elsewhere, or an expiry, it already hands out a working token
            const normal = await this.fetchToken(false);
            if (normal.token !== refused) return this.remember((await this.store((s) => s.compareAndSet(again?.token, normal, this.now()))).current);
            const forced = await this.forceRefresh();
            return this.remember((await this.store((s) => s.compareAndSet(again?.token, forced, this.now()))).current);
          } finally {
            await this.tokenStore.unlock(owner).catch(() => undefined);
          }
        }
        if (Date.now() >= deadline) throw new WeChatTokenError('refresh_busy', '刷新微信接口调用凭证超时（另一实例正在刷新），请稍后再试');
        await sleep(this.lock.pollMs);
      }
    } catch (error) {
      if (!(error instanceof TokenStoreFailure)) throw error;
      logger.warn('微信 access_token 共享存储不可用，直接向微信获取', { error: error.underlying });
      const normal = await this.fetchToken(false);
      if (normal.token !== refused) return this.remember(normal);
      // without the store the daily cap cannot be kept: never force blind
      throw new WeChatTokenError('store_unavailable', '微信接口调用凭证失效且无法核对强制刷新次数（存储不可用），请稍后再试');
    }
  }

  /** One forced refresh, if the ledger allows it (20 a day, 30 s apart). Never retried: a repeat would void the new token. */
  private async forceRefresh(): Promise<TCachedToken> {
    const limits = this.options.forceRefreshLimits ?? WECHAT_FORCE_REFRESH_LIMITS;
    const permit = await this.store((s) => s.permitForceRefresh(this.now(), randomUUID(), limits));
    if (!permit.granted) {
      const error =
        permit.reason === 'daily_cap'
          ? new WeChatTokenError('force_refresh_daily_cap', `微信接口调用凭证今日强制刷新已达上限（${limits.maxPerDay} 次），请明日再试或检查是否有其他系统在使用该小程序的 AppSecret`, permit.retryAfterMs)
          : new WeChatTokenError('force_refresh_too_soon', `距上次强制刷新微信接口调用凭证不足 ${Math.round(limits.minGapMs / 1000)} 秒，请稍后再试`, permit.retryAfterMs);
      logger.error(error.message, { alert: 'wechat_token_force_refresh_refused', reason: permit.reason, usedToday: permit.usedToday });
      throw error;
    }
    logger.warn('强制刷新微信接口调用凭证', { usedToday: permit.usedToday });
    return this.fetchToken(true);
  }

  private async fetchToken(force: boolean): Promise<TCachedToken> {
    const answer = WeChatClient.check(
      '获取接口调用凭证',
      await (force ? this.once : this.http).request(
        {
          method: 'POST',
          path: '/cgi-bin/stable_token',
          body: { grant_type: 'client_credential', appid: this.options.appid, secret: this.options.secret, force_refresh: force },
          // normal mode returns the same token: safe to retry; a forced refresh is not
          ...(force ? {} : { idempotencyKey: 'stable_token' }),
        },
        ZStableToken,
      ),
    );
    if (!answer.access_token || !answer.expires_in) throw this.invalid('获取接口调用凭证');
    // the platform hands out the next token in the last 5 minutes; refresh then (or at half-life for short tokens)
    const margin = Math.min(5 * 60, Math.floor(answer.expires_in / 2));
    const at = this.now();
    return { token: answer.access_token, expiresAt: at + answer.expires_in * 1000, refreshAt: at + (answer.expires_in - margin) * 1000 };
  }

  /** A POST with the access_token in the query; after a stale-token answer the token is recovered and the call made once more. */
  private async withFreshToken<S extends z.ZodType<{ errcode?: number; errmsg?: string }>>(client: HttpClient, req: Omit<TRequest, 'query'>, schema: S): Promise<z.output<S>> {
    const token = await this.getAccessToken();
    const answer = await client.request({ ...req, query: { access_token: token } }, schema);
    const parsed = ZErr.safeParse(answer);
    if (!parsed.success || !TOKEN_INVALID_ERRCODES.includes(parsed.data.errcode)) return answer;
    logger.warn('微信 access_token 被拒，恢复后重试一次', { errcode: parsed.data.errcode, path: req.path });
    const fresh = await this.recoverToken(token);
    return client.request({ ...req, query: { access_token: fresh } }, schema);
  }

  private async withToken<S extends z.ZodType<{ errcode?: number; errmsg?: string }>>(api: string, req: Omit<TRequest, 'query'>, schema: S): Promise<z.output<S>> {
    return WeChatClient.check(api, await this.withFreshToken(this.http, req, schema));
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

  /**
   * 发送订阅消息. Never throws for WeChat's or the network's answers — only for
   * a malformed input (a programming error). Sent once: retried only after a
   * stale-token refusal (nothing was sent then).
   */
  async sendSubscribeMessage(input: TSubscribeSendInput): Promise<TSubscribeSendOutcome> {
    const parsed = ZSubscribeSendInputSchema.safeParse(input);
    if (!parsed.success) throw new TypeError(`sendSubscribeMessage：参数不正确：${z.prettifyError(parsed.error)}`);
    const i = parsed.data;
    const req: Omit<TRequest, 'query'> = {
      method: 'POST',
      path: '/cgi-bin/message/subscribe/send',
      body: {
        touser: i.touser,
        template_id: i.templateId,
        ...(i.page !== undefined ? { page: i.page } : {}),
        data: i.data,
        ...(i.miniprogramState !== undefined ? { miniprogram_state: i.miniprogramState } : {}),
        ...(i.lang !== undefined ? { lang: i.lang } : {}),
      },
    };
    const log = { templateId: i.templateId };

    let token: string;
    try {
      token = await this.getAccessToken();
    } catch (error) {
      return this.tokenFailure(error, log);
    }
    let sent = await this.sendOnce(req, token);
    if (!('answer' in sent)) return sent;
    let errcode = sent.answer.errcode ?? 0;
    if (TOKEN_INVALID_ERRCODES.includes(errcode)) {
      logger.warn('微信 access_token 被拒，恢复后重发一次订阅消息', { ...log, errcode });
      try {
        token = await this.recoverToken(token);
      } catch (error) {
        return this.tokenFailure(error, log);
      }
      sent = await this.sendOnce(req, token);
      if (!('answer' in sent)) return sent;
      errcode = sent.answer.errcode ?? 0;
      if (TOKEN_INVALID_ERRCODES.includes(errcode)) {
        logger.error('微信 access_token 刷新后仍被拒', { ...log, alert: 'wechat_token_still_invalid', errcode });
        return { ok: false, reason: 'retry_later', errcode, message: '微信接口调用凭证刷新后仍无效，未发送，请稍后再发' };
      }
    }
    if (errcode === 0) {
      const msgid = sent.answer.msgid;
      return { ok: true, ...(msgid !== undefined ? { msgid: String(msgid) } : {}) };
    }
    const { alert, ...outcome } = outcomeOfErrcode(errcode);
    const fields = { ...log, reason: outcome.reason, errcode, errmsg: sent.answer.errmsg };
    if (alert) logger.error(`订阅消息发送失败：${outcome.message}`, { ...fields, alert: 'wechat_subscribe_send' });
    else logger.info(`订阅消息未发送：${outcome.message}`, fields);
    return outcome;
  }

  private async sendOnce(req: Omit<TRequest, 'query'>, token: string): Promise<{ answer: z.output<typeof ZSubscribeSendAnswer> } | TSubscribeSendOutcome> {
    try {
      // `once`: no retries — a send is not idempotent
      return { answer: await this.once.request({ ...req, query: { access_token: token } }, ZSubscribeSendAnswer) };
    } catch (error) {
      if (!(error instanceof UpstreamError)) throw error;
      const outcome = outcomeOfSendFailure(error);
      logger.warn(`订阅消息发送失败：${outcome.message}`, { reason: outcome.ok ? undefined : outcome.reason, kind: error.kind, status: error.status });
      return outcome;
    }
  }

  /** The outcome when no token could be had: nothing was sent. */
  private tokenFailure(error: unknown, log: Record<string, unknown>): TSubscribeSendOutcome {
    if (error instanceof WeChatApiError && (error.kind === 'bad_credentials' || error.kind === 'bad_request')) {
      logger.error(`订阅消息未发送：${error.message}`, { ...log, alert: 'wechat_token_config', errcode: error.errcode });
      return { ok: false, reason: 'config', errcode: error.errcode, message: `获取微信接口调用凭证失败：${error.meaning}` };
    }
    if (error instanceof WeChatApiError) return { ok: false, reason: 'retry_later', errcode: error.errcode, message: `获取微信接口调用凭证失败：${error.meaning}，未发送` };
    if (error instanceof WeChatTokenError) return { ok: false, reason: 'retry_later', message: `${error.message}（未发送）` };
    if (error instanceof UpstreamError) return { ok: false, reason: 'retry_later', message: `获取微信接口调用凭证失败：${error.message}，未发送` };
    throw error;
  }
}
