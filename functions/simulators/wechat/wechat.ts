/**
 * Simulator of the WeChat server APIs this product calls (api.weixin.qq.com),
 * default prefix `/sim/wechat`. Errors come back the way WeChat sends them:
 * HTTP 200 with `{ errcode, errmsg }` (errmsg ends in `, rid: …`).
 *
 * ── 登录 ─────────────────────────────────────────────────────────────────
 * GET /sns/jscode2session?appid=&secret=&js_code=&grant_type=authorization_code
 *   → { openid, session_key, unionid? }
 *   Any code is accepted once; the openid is a pure function of the code:
 *     user   = the code up to its first '.', or the whole code
 *     openid = 'o' + base64url(sha256('hire-once-sim:' + user)).slice(0, 27)   (28 chars, like real ones)
 *     unionid (when enabled) = 'o' + base64url(sha256('hire-once-sim:union:' + user)).slice(0, 27)
 *     session_key = base64(first 16 bytes of sha256('hire-once-sim:session:' + code))
 *   so `alice.1`, `alice.2` … log the same simulated person in with fresh codes.
 *   A code used twice → 40163 code been used; a code starting with `bad` → 40029
 *   invalid code; `risky` → 40226 high risk user; `busy` → -1 system error;
 *   wrong appid → 40013; wrong secret → 40125; grant_type ≠ authorization_code → 40002.
 *
 * ── access_token ─────────────────────────────────────────────────────────
 * POST /cgi-bin/stable_token { grant_type: 'client_credential', appid, secret, force_refresh? }
 *   → { access_token, expires_in }
 *   Normal mode returns the same token with its remaining lifetime (7200 s when
 *   issued, `tokenTtlSeconds` in tests); in its last 5 minutes a call issues the
 *   next token while the old one stays valid until it expires. force_refresh
 *   issues a new token and voids the old one at once (→ 40001 when used); at most
 *   once per 30 s (45011; the docs only say “否则不会刷新”, the code is ours) and
 *   20 times per natural day in Asia/Shanghai (45009).
 *   An API called with a voided token answers 40001, with an expired one 42001,
 *   without one 41001.
 *
 * ── 订阅消息 ───────────────────────────────────────────────────────────────
 * POST /cgi-bin/message/subscribe/send?access_token=
 *   { touser, template_id, page?, data: { key: { value } }, miniprogram_state?, lang? }
 *   → { errcode: 0, errmsg: 'ok', msgid }
 *   Checked in this order: the token (40001/42001/41001); the body's shape,
 *   miniprogram_state ∈ developer|trial|formal and lang ∈ zh_CN|en_US|zh_HK|zh_TW
 *   (47001); touser is an openid this simulator gave out (jscode2session) or saw
 *   subscribe (40003); template_id is one of the templates (40037); page, when
 *   given, is a page of the app, optionally with ?query (41030); every field of
 *   the template is present and fits its type (47003 “argument invalid!
 *   data.<key>.value invalid”, see subscribe-rules.ts; unknown keys are
 *   ignored); the day's send quota `sendDailyLimit` (45009); the user has a
 *   one-time subscription left for that template (43101 “user refuse to accept
 *   the msg”). A successful send spends one subscription and is kept for
 *   GET /_dev/messages.
 *
 * ── DEVELOPMENT ONLY (control routes, exempt from the switches) ───────────
 * POST /_dev/subscribe { openid | code, answers: { [templateId]: 'accept'|'reject'|'ban'|'filter' } }
 *   plays the phone's wx.requestSubscribeMessage (≤ 3 templates, known ids):
 *   accept adds one subscription for (openid, template); reject cancels the
 *   user's subscriptions of that template (43101's “取消了订阅关系”); ban
 *   blocks the template for the user (sends → 43101; later accepts are
 *   ignored); filter changes nothing. `code` names the user as jscode2session
 *   would (without using the code up). → { errMsg, openid, answers, quotas }
 * GET  /_dev/subscriptions?openid=   → { openid, quotas: { [templateId]: n }, banned: [templateId] }
 * GET  /_dev/messages?touser=&templateId=   → { messages: [...] } what was delivered, oldest first
 * POST /_dev/reset-messages          → forgets delivered messages (not quotas)
 * POST /_dev/fail-next-sends { errcodes: [-1, 45009, …] }  the next sends (after the
 *   token check) answer these errcodes, one each, spending nothing
 * POST /_dev/delay-send-answers { ms }  sends are delivered at once but answered
 *   `ms` later (0 = normally): a client that times out meanwhile cannot know
 *   the message went out (the framework's latency switch delays before the
 *   request is read, so a timed-out send is never delivered)
 * POST /_dev/revoke-token  voids the current token without issuing another:
 *   APIs answer 40001 with it while normal-mode stable_token keeps handing it
 *   out, until a force_refresh (a fault injection for the client's recovery;
 *   reported in the wild as 40001 on a normal-mode stable token).
 *
 * ── 人脸核身 2.0 (政务民生) ──────────────────────────────────────────────────
 * Paths and fields as the WeChat documentation lists them (getVerifyId,
 * queryVerifyInfo under /cityservice/face/identify/, access_token in the query):
 * POST /cityservice/face/identify/getverifyid?access_token=
 *   { out_seq_no, cert_info: { cert_type: 'IDENTITY_CARD', cert_name, cert_no }, openid }
 *   → { errcode: 0, errmsg: 'ok', verify_id, expires_in: 3600 }
 * POST /cityservice/face/identify/queryverifyinfo?access_token=
 *   { verify_id, out_seq_no, cert_hash, openid } → { errcode: 0, errmsg: 'ok', verify_ret }
 *   verify_ret 10000 = 识别成功. cert_hash = hex(sha256('cert_type=' + b64(type) +
 *   '&cert_name=' + b64(name) + '&cert_no=' + b64(no))), b64 = base64 of the UTF-8
 *   bytes (as two independent public SDKs compute it; the official page only says
 *   “根据证件信息生成”). Designed by us, not WeChat's: what the API answers before the
 *   person has finished (errcode 9410001 verify not finished) or after the session
 *   expired unfinished (9410002), and the 47001 texts for mismatches.
 *
 * POST /_dev/facial-verify { verifyId, outcome: 'pass' | 'fail', verifyRet? }
 *   DEVELOPMENT ONLY (control route, exempt from the switches): plays the phone's
 *   wx.requestFacialVerify, which H5 does not have. pass → verify_ret 10000;
 *   fail → verifyRet or 10004.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { isValidCitizenId } from '../../../domain/identity/citizen-id';
import { faceCertHash } from '../../wechat/cert-hash';
import { createSimulator, type TSimRequest, type TSimResponse, type TSimSwitches, type TSimulator } from '../framework';
import { fieldValueProblem, isKnownPage, SIM_MINIPROGRAM_PAGES, SIM_SUBSCRIBE_TEMPLATE_DEFINITIONS, type TSimTemplate } from './subscribe-rules';

export { SIM_SUBSCRIBE_TEMPLATES } from './subscribe-rules';

export const DEFAULT_SIM_APPID = 'wx1503000000000001';
export const DEFAULT_SIM_SECRET = 'hire-once-simulated-app-secret-0001';
export const VERIFY_RET_PASS = 10000;
export const VERIFY_RET_FAIL_DEFAULT = 10004;
/** Simulator-specific errcodes (not WeChat's). */
export const SIM_ERR_VERIFY_NOT_FINISHED = 9_410_001;
export const SIM_ERR_VERIFY_EXPIRED = 9_410_002;

export interface TWeChatSimulatorOptions {
  prefix?: string;
  appid?: string;
  secret?: string;
  now?: () => number;
  /** Answer jscode2session with a unionid (the mini-program is bound to an open-platform account). */
  unionid?: boolean;
  /** Token lifetime, seconds (default 7200). */
  tokenTtlSeconds?: number;
  /** verify_id lifetime, seconds (default 3600). */
  verifyTtlSeconds?: number;
  /** The subscribe-message templates (default: SIM_SUBSCRIBE_TEMPLATE_DEFINITIONS). */
  templates?: readonly TSimTemplate[];
  /** The released app's pages (default: SIM_MINIPROGRAM_PAGES). */
  pages?: readonly string[];
  /** Subscribe messages the app may send per day (45009 beyond; WeChat's is 10 million). */
  sendDailyLimit?: number;
  switches?: Partial<TSimSwitches>;
  seed?: number;
}

interface TFaceSession {
  verifyId: string;
  outSeqNo: string;
  openid: string;
  certHash: string;
  expiresAt: number;
  verifyRet?: number;
}

/** A subscribe message as delivered (GET /_dev/messages). */
export interface TSimDeliveredMessage {
  msgid: number;
  touser: string;
  templateId: string;
  title: string;
  page?: string;
  data: Record<string, { value: string }>;
  miniprogramState: string;
  lang: string;
  /** ISO time of delivery. */
  at: string;
}

export interface TWeChatSimulator extends TSimulator {
  /** Number of live face sessions, codes used, tokens issued, forced refreshes, messages sent (for tests). */
  stats(): { codesUsed: number; tokensIssued: number; forceRefreshes: number; faceSessions: number; messagesSent: number };
  /** What was delivered (also GET /_dev/messages). */
  messages(touser?: string): TSimDeliveredMessage[];
  /** One-time subscriptions left for (openid, templateId). */
  quota(openid: string, templateId: string): number;
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest();

/** The openid the simulator gives a login code (see the header comment). */
export function simulatedOpenid(code: string): string {
  const user = code.split('.')[0] ?? code;
  return 'o' + sha256(`hire-once-sim:${user}`).toString('base64url').slice(0, 27);
}

export function simulatedUnionid(code: string): string {
  const user = code.split('.')[0] ?? code;
  return 'o' + sha256(`hire-once-sim:union:${user}`).toString('base64url').slice(0, 27);
}

const OPENID = /^o[A-Za-z0-9_-]{27}$/;

const ZStableTokenSchema = z.object({
  grant_type: z.string(),
  appid: z.string(),
  secret: z.string(),
  force_refresh: z.boolean().optional(),
});
const ZGetVerifyIdSchema = z.object({
  out_seq_no: z.string().min(1).max(64),
  cert_info: z.object({ cert_type: z.string(), cert_name: z.string().min(1).max(60), cert_no: z.string().min(1).max(32) }),
  openid: z.string(),
});
const ZQueryVerifyInfoSchema = z.object({
  verify_id: z.string().min(1),
  out_seq_no: z.string().min(1),
  cert_hash: z.string().min(1),
  openid: z.string(),
});
const ZSubscribeSendSchema = z.object({
  touser: z.string().optional(),
  template_id: z.string().optional(),
  page: z.string().optional(),
  data: z.record(z.string(), z.unknown()).optional(),
  miniprogram_state: z.string().optional(),
  lang: z.string().optional(),
});
const ZDevSubscribeSchema = z
  .object({
    openid: z.string().regex(OPENID).optional(),
    code: z.string().min(1).max(128).optional(),
    answers: z.record(z.string(), z.enum(['accept', 'reject', 'ban', 'filter'])),
  })
  .refine((b) => (b.openid === undefined) !== (b.code === undefined), { message: 'openid 与 code 须给且只给一个' })
  .refine((b) => Object.keys(b.answers).length >= 1 && Object.keys(b.answers).length <= 3, { message: '一次订阅 1–3 个模板' });
const ZDevFailSchema = z.object({ errcodes: z.array(z.number().int()).min(1).max(100) });
const FAULT_TEXT: Record<number, string> = {
  [-1]: 'system error',
  45009: 'reach max api daily quota limit',
  45011: 'api minute-quota reach limit  mustslower  retry next minute',
};
const DAY_MS = 86_400_000;
/** The natural day in Asia/Shanghai (UTC+8, no daylight saving). */
const chinaDay = (t: number) => Math.floor((t + 8 * 3_600_000) / DAY_MS);

const ZDevVerifySchema = z.object({
  verifyId: z.string().min(1),
  outcome: z.enum(['pass', 'fail']),
  verifyRet: z.number().int().optional(),
});

export function createWeChatSimulator(options: TWeChatSimulatorOptions = {}): TWeChatSimulator {
  const now = options.now ?? Date.now;
  const appid = options.appid ?? DEFAULT_SIM_APPID;
  const secret = options.secret ?? DEFAULT_SIM_SECRET;
  const tokenTtlMs = (options.tokenTtlSeconds ?? 7200) * 1000;
  const verifyTtlMs = (options.verifyTtlSeconds ?? 3600) * 1000;

  let rid = 0;
  let tokenCounter = 0;
  let verifyCounter = 0;
  const usedCodes = new Set<string>();
  const tokens = new Map<string, number>(); // token → expiresAt
  let current: { token: string; expiresAt: number } | undefined;
  const forceRefreshes: number[] = [];
  const faceSessions = new Map<string, TFaceSession>();
  const templates = new Map((options.templates ?? Object.values(SIM_SUBSCRIBE_TEMPLATE_DEFINITIONS)).map((t) => [t.templateId, t]));
  const pages = options.pages ?? SIM_MINIPROGRAM_PAGES;
  const sendDailyLimit = options.sendDailyLimit ?? 10_000_000;
  const knownOpenids = new Set<string>();
  const quotas = new Map<string, number>(); // `${openid} ${templateId}` → one-time subscriptions left
  const banned = new Set<string>(); // `${openid} ${templateId}`
  const delivered: TSimDeliveredMessage[] = [];
  const sendFaults: number[] = [];
  const sendsByDay = new Map<number, number>();
  let msgCounter = 0;
  let sendAnswerDelayMs = 0;
  const pair = (openid: string, templateId: string) => `${openid} ${templateId}`;

  const error = (errcode: number, text: string): TSimResponse => {
    rid += 1;
    const r = sha256(`rid:${rid}`).toString('hex');
    return { status: 200, body: { errcode, errmsg: `${text}, rid: ${r.slice(0, 8)}-${r.slice(8, 16)}-${r.slice(16, 24)}` } };
  };

  function issueToken(): { token: string; expiresAt: number } {
    tokenCounter += 1;
    const token = `${tokenCounter}_${sha256(`token:${tokenCounter}:${appid}`).toString('base64url')}${sha256(`token2:${tokenCounter}`).toString('base64url')}`;
    const issued = { token, expiresAt: now() + tokenTtlMs };
    tokens.set(token, issued.expiresAt);
    current = issued;
    return issued;
  }

  /** undefined when the access_token in the query is usable, else the WeChat error. */
  function tokenProblem(req: TSimRequest): TSimResponse | undefined {
    const token = req.query.get('access_token');
    if (!token) return error(41001, 'access_token missing');
    const expiresAt = tokens.get(token);
    if (expiresAt === undefined) return error(40001, 'invalid credential, access_token is invalid or not latest');
    if (now() >= expiresAt) return error(42001, 'access_token expired');
    return undefined;
  }

  function jscode2session(req: TSimRequest): TSimResponse {
    const q = req.query;
    if (q.get('appid') !== appid) return error(40013, 'invalid appid');
    if (q.get('secret') !== secret) return error(40125, 'invalid appsecret');
    if (q.get('grant_type') !== 'authorization_code') return error(40002, 'invalid grant_type');
    const code = q.get('js_code');
    if (!code) return error(41008, 'missing code');
    if (code.startsWith('bad')) return error(40029, 'invalid code');
    if (usedCodes.has(code)) return error(40163, 'code been used');
    if (code.startsWith('risky')) return error(40226, 'high risk user');
    if (code.startsWith('busy')) return error(-1, 'system error');
    usedCodes.add(code);
    knownOpenids.add(simulatedOpenid(code));
    return {
      status: 200,
      body: {
        session_key: sha256(`hire-once-sim:session:${code}`).subarray(0, 16).toString('base64'),
        openid: simulatedOpenid(code),
        ...(options.unionid ? { unionid: simulatedUnionid(code) } : {}),
      },
    };
  }

  function stableToken(req: TSimRequest): TSimResponse {
    const parsed = ZStableTokenSchema.safeParse(req.body);
    if (!parsed.success) return error(47001, 'data format error');
    const b = parsed.data;
    if (b.grant_type !== 'client_credential') return error(40002, 'invalid grant_type');
    if (b.appid !== appid) return error(40013, 'invalid appid');
    if (b.secret !== secret) return error(40125, 'invalid appsecret');
    const t = now();
    if (b.force_refresh) {
      const last = forceRefreshes[forceRefreshes.length - 1];
      if (last !== undefined && t - last < 30_000) return error(45011, 'api minute-quota reach limit  mustslower  retry next minute');
      const today = forceRefreshes.filter((at) => chinaDay(at) === chinaDay(t));
      if (today.length >= 20) return error(45009, 'reach max api daily quota limit');
      forceRefreshes.push(t);
      if (current) tokens.delete(current.token);
      const issued = issueToken();
      return { status: 200, body: { access_token: issued.token, expires_in: Math.floor(tokenTtlMs / 1000) } };
    }
    const live = current && current.expiresAt - t > 5 * 60_000 ? current : issueToken();
    return { status: 200, body: { access_token: live.token, expires_in: Math.floor((live.expiresAt - t) / 1000) } };
  }

  function getVerifyId(req: TSimRequest): TSimResponse {
    const bad = tokenProblem(req);
    if (bad) return bad;
    const parsed = ZGetVerifyIdSchema.safeParse(req.body);
    if (!parsed.success) return error(47001, 'data format error');
    const b = parsed.data;
    if (b.cert_info.cert_type !== 'IDENTITY_CARD') return error(47001, 'data format error hint: [cert_type only supports IDENTITY_CARD]');
    if (!isValidCitizenId(b.cert_info.cert_no)) return error(47001, 'data format error hint: [invalid cert_no]');
    if (!OPENID.test(b.openid)) return error(40003, 'invalid openid');
    verifyCounter += 1;
    const verifyId = sha256(`verify:${verifyCounter}:${b.out_seq_no}:${b.openid}`).toString('base64url');
    faceSessions.set(verifyId, {
      verifyId,
      outSeqNo: b.out_seq_no,
      openid: b.openid,
      certHash: faceCertHash(b.cert_info.cert_name, b.cert_info.cert_no, b.cert_info.cert_type),
      expiresAt: now() + verifyTtlMs,
    });
    return { status: 200, body: { errcode: 0, errmsg: 'ok', verify_id: verifyId, expires_in: Math.floor(verifyTtlMs / 1000) } };
  }

  function queryVerifyInfo(req: TSimRequest): TSimResponse {
    const bad = tokenProblem(req);
    if (bad) return bad;
    const parsed = ZQueryVerifyInfoSchema.safeParse(req.body);
    if (!parsed.success) return error(47001, 'data format error');
    const b = parsed.data;
    const session = faceSessions.get(b.verify_id);
    if (!session) return error(47001, 'data format error hint: [invalid verify_id]');
    if (session.openid !== b.openid) return error(47001, 'data format error hint: [openid not match]');
    if (session.outSeqNo !== b.out_seq_no) return error(47001, 'data format error hint: [out_seq_no not match]');
    if (session.certHash !== b.cert_hash) return error(47001, 'data format error hint: [cert_hash not match]');
    if (session.verifyRet === undefined) {
      return now() >= session.expiresAt ? error(SIM_ERR_VERIFY_EXPIRED, 'verify_id expired') : error(SIM_ERR_VERIFY_NOT_FINISHED, 'verify not finished');
    }
    return { status: 200, body: { errcode: 0, errmsg: 'ok', verify_ret: session.verifyRet } };
  }

  async function subscribeSend(req: TSimRequest): Promise<TSimResponse> {
    const answer = deliver(req);
    if (sendAnswerDelayMs > 0) await new Promise((r) => setTimeout(r, sendAnswerDelayMs));
    return answer;
  }

  function deliver(req: TSimRequest): TSimResponse {
    const bad = tokenProblem(req);
    if (bad) return bad;
    const fault = sendFaults.shift();
    if (fault !== undefined) return error(fault, FAULT_TEXT[fault] ?? 'simulated error');
    const parsed = ZSubscribeSendSchema.safeParse(req.body);
    if (!parsed.success) return error(47001, 'data format error');
    const b = parsed.data;
    if (b.miniprogram_state !== undefined && !['developer', 'trial', 'formal'].includes(b.miniprogram_state)) {
      return error(47001, 'data format error hint: [miniprogram_state invalid]');
    }
    if (b.lang !== undefined && !['zh_CN', 'en_US', 'zh_HK', 'zh_TW'].includes(b.lang)) return error(47001, 'data format error hint: [lang invalid]');
    if (!b.touser || !knownOpenids.has(b.touser)) return error(40003, 'invalid openid');
    const template = templates.get(b.template_id ?? '');
    if (!template) return error(40037, 'invalid template_id');
    if (b.page !== undefined && b.page !== '' && !isKnownPage(b.page, pages)) return error(41030, 'invalid page');
    const data: Record<string, { value: string }> = {};
    for (const field of template.fields) {
      const entry = b.data?.[field.key];
      const raw = entry && typeof entry === 'object' ? (entry as { value?: unknown }).value : undefined;
      const value = typeof raw === 'number' ? String(raw) : raw;
      if (typeof value !== 'string' || fieldValueProblem(field.type, value) !== undefined) {
        return error(47003, `argument invalid! data.${field.key}.value invalid`);
      }
      data[field.key] = { value };
    }
    const t = now();
    const day = chinaDay(t);
    if ((sendsByDay.get(day) ?? 0) >= sendDailyLimit) return error(45009, 'reach max api daily quota limit');
    const key = pair(b.touser, template.templateId);
    const left = quotas.get(key) ?? 0;
    if (banned.has(key) || left <= 0) return error(43101, 'user refuse to accept the msg');
    quotas.set(key, left - 1);
    sendsByDay.set(day, (sendsByDay.get(day) ?? 0) + 1);
    msgCounter += 1;
    const msgid = 2_800_000_000_000_000 + msgCounter;
    delivered.push({
      msgid,
      touser: b.touser,
      templateId: template.templateId,
      title: template.title,
      ...(b.page ? { page: b.page } : {}),
      data,
      miniprogramState: b.miniprogram_state ?? 'formal',
      lang: b.lang ?? 'zh_CN',
      at: new Date(t).toISOString(),
    });
    return { status: 200, body: { errcode: 0, errmsg: 'ok', msgid } };
  }

  function quotasOf(openid: string): Record<string, number> {
    return Object.fromEntries([...templates.keys()].map((id) => [id, quotas.get(pair(openid, id)) ?? 0]));
  }

  function devSubscribe(req: TSimRequest): TSimResponse {
    const parsed = ZDevSubscribeSchema.safeParse(req.body);
    if (!parsed.success) {
      return { status: 400, body: { error: `请求应为 { openid 或 code, answers: { 模板编号: "accept" | "reject" | "ban" | "filter" } }（1–3 个模板）：${parsed.error.issues.map((i) => i.message).join('；')}` } };
    }
    const b = parsed.data;
    const unknown = Object.keys(b.answers).filter((id) => !templates.has(id));
    if (unknown.length > 0) return { status: 400, body: { error: `模板编号不存在：${unknown.join('、')}` } };
    const openid = b.openid ?? simulatedOpenid(b.code!);
    knownOpenids.add(openid);
    for (const [templateId, answer] of Object.entries(b.answers)) {
      const key = pair(openid, templateId);
      if (answer === 'accept' && !banned.has(key)) quotas.set(key, (quotas.get(key) ?? 0) + 1);
      if (answer === 'reject') quotas.delete(key);
      if (answer === 'ban') {
        banned.add(key);
        quotas.delete(key);
      }
    }
    return { status: 200, body: { errMsg: 'requestSubscribeMessage:ok', openid, answers: b.answers, quotas: quotasOf(openid) } };
  }

  function devSubscriptions(req: TSimRequest): TSimResponse {
    const openid = req.query.get('openid');
    if (!openid) return { status: 400, body: { error: '缺少 openid' } };
    return { status: 200, body: { openid, quotas: quotasOf(openid), banned: [...templates.keys()].filter((id) => banned.has(pair(openid, id))) } };
  }

  const messagesOf = (touser?: string | null, templateId?: string | null) =>
    delivered.filter((m) => (!touser || m.touser === touser) && (!templateId || m.templateId === templateId)).map((m) => structuredClone(m));

  function devFailNextSends(req: TSimRequest): TSimResponse {
    const parsed = ZDevFailSchema.safeParse(req.body);
    if (!parsed.success) return { status: 400, body: { error: '请求应为 { errcodes: [整数…] }' } };
    sendFaults.push(...parsed.data.errcodes);
    return { status: 200, body: { ok: true, pending: [...sendFaults] } };
  }

  function devDelaySendAnswers(req: TSimRequest): TSimResponse {
    const parsed = z.object({ ms: z.number().int().min(0).max(60_000) }).safeParse(req.body);
    if (!parsed.success) return { status: 400, body: { error: '请求应为 { ms: 0–60000 }' } };
    sendAnswerDelayMs = parsed.data.ms;
    return { status: 200, body: { ok: true, ms: sendAnswerDelayMs } };
  }

  function devRevokeToken(): TSimResponse {
    if (!current) return { status: 409, body: { error: '尚未签发 access_token' } };
    tokens.delete(current.token);
    return { status: 200, body: { ok: true } };
  }

  function devFacialVerify(req: TSimRequest): TSimResponse {
    const parsed = ZDevVerifySchema.safeParse(req.body);
    if (!parsed.success) return { status: 400, body: { error: '请求应为 { verifyId, outcome: "pass" | "fail", verifyRet? }' } };
    const session = faceSessions.get(parsed.data.verifyId);
    if (!session) return { status: 404, body: { error: 'verifyId 不存在' } };
    if (now() >= session.expiresAt) return { status: 410, body: { error: 'verifyId 已过期，请重新发起人脸核身' } };
    if (session.verifyRet !== undefined) return { status: 409, body: { error: '该 verifyId 已完成核身，不能重复使用' } };
    session.verifyRet = parsed.data.outcome === 'pass' ? VERIFY_RET_PASS : (parsed.data.verifyRet ?? VERIFY_RET_FAIL_DEFAULT);
    return { status: 200, body: { ok: true, verifyId: session.verifyId, verifyRet: session.verifyRet } };
  }

  const base = createSimulator({
    name: '微信接口',
    prefix: options.prefix ?? '/sim/wechat',
    seed: options.seed,
    switches: options.switches,
    onReset: () => {
      rid = 0;
      tokenCounter = 0;
      verifyCounter = 0;
      usedCodes.clear();
      tokens.clear();
      current = undefined;
      forceRefreshes.length = 0;
      faceSessions.clear();
      knownOpenids.clear();
      quotas.clear();
      banned.clear();
      delivered.length = 0;
      sendFaults.length = 0;
      sendsByDay.clear();
      msgCounter = 0;
      sendAnswerDelayMs = 0;
    },
    routes: [
      { method: 'GET', pattern: '/sns/jscode2session', handler: jscode2session },
      { method: 'POST', pattern: '/cgi-bin/stable_token', handler: stableToken },
      { method: 'POST', pattern: '/cityservice/face/identify/getverifyid', handler: getVerifyId },
      { method: 'POST', pattern: '/cityservice/face/identify/queryverifyinfo', handler: queryVerifyInfo },
      { method: 'POST', pattern: '/cgi-bin/message/subscribe/send', handler: subscribeSend },
      { method: 'POST', pattern: '/_dev/facial-verify', handler: devFacialVerify, control: true },
      { method: 'POST', pattern: '/_dev/subscribe', handler: devSubscribe, control: true },
      { method: 'GET', pattern: '/_dev/subscriptions', handler: devSubscriptions, control: true },
      { method: 'GET', pattern: '/_dev/messages', handler: (req) => ({ status: 200, body: { messages: messagesOf(req.query.get('touser'), req.query.get('templateId')) } }), control: true },
      {
        method: 'POST',
        pattern: '/_dev/reset-messages',
        handler: () => {
          const cleared = delivered.length;
          delivered.length = 0;
          return { status: 200, body: { ok: true, cleared } };
        },
        control: true,
      },
      { method: 'POST', pattern: '/_dev/fail-next-sends', handler: devFailNextSends, control: true },
      { method: 'POST', pattern: '/_dev/delay-send-answers', handler: devDelaySendAnswers, control: true },
      { method: 'POST', pattern: '/_dev/revoke-token', handler: devRevokeToken, control: true },
    ],
  });
  return Object.assign(base, {
    stats: () => ({
      codesUsed: usedCodes.size,
      tokensIssued: tokenCounter,
      forceRefreshes: forceRefreshes.length,
      faceSessions: faceSessions.size,
      messagesSent: msgCounter,
    }),
    messages: (touser?: string) => messagesOf(touser),
    quota: (openid: string, templateId: string) => quotas.get(pair(openid, templateId)) ?? 0,
  });
}
