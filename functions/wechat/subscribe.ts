/**
 * subscribeMessage.send (`POST /cgi-bin/message/subscribe/send?access_token=`):
 * the contract the notification sender codes against, and what each answer
 * means for it.
 *
 * Errcodes (开放文档 subscribeMessage.send, facts.md): 40003 bad openid,
 * 40037 bad template id, 41030 bad page, 43101 user refused / no one-time
 * quota left, 47003 data not fitting the template's rules. Plus the general
 * ones: -1 system busy, 45009 daily API quota, 45011 too frequent, 40001 /
 * 42001 / 40014 a stale token (refreshed and retried once by the client).
 *
 * A send is not idempotent: it is never retried by the HTTP layer, only once
 * after a stale token (WeChat refused it, so nothing was sent). A network
 * error or timeout after the request left may have delivered it: that is
 * `unknown`, which the caller treats as possibly delivered (at-most-once).
 */
import { z } from 'zod';
import { UpstreamError } from '../adapters/http';

export type TSubscribeSendInput = {
  touser: string;
  templateId: string;
  page?: string;
  data: Record<string, { value: string }>;
  miniprogramState?: 'developer' | 'trial' | 'formal';
  lang?: 'zh_CN';
};

export type TSubscribeSendOutcome =
  | { ok: true; msgid?: string }
  | { ok: false; reason: 'refused' | 'bad_data' | 'config' | 'retry_later' | 'unknown'; errcode?: number; message: string };

export type TSubscribeFailureReason = Extract<TSubscribeSendOutcome, { ok: false }>['reason'];

/** The input, checked: a wrong shape is a programming error (thrown), not an outcome. */
export const ZSubscribeSendInputSchema = z.strictObject({
  touser: z.string().min(1).max(128),
  templateId: z.string().min(1).max(128),
  page: z.string().min(1).max(1024).optional(),
  data: z.record(z.string().min(1), z.strictObject({ value: z.string() })).refine((d) => Object.keys(d).length > 0, { error: '订阅消息内容为空' }),
  miniprogramState: z.enum(['developer', 'trial', 'formal']).optional(),
  lang: z.literal('zh_CN').optional(),
});

/** WeChat's answer; msgid is a (64-bit) number in JSON, kept as text. */
export const ZSubscribeSendAnswer = z.object({
  errcode: z.number().int().optional(),
  errmsg: z.string().optional(),
  msgid: z.union([z.number(), z.string()]).optional(),
});

/** Errcodes that mean the access_token in the query is stale: refresh and retry once. */
export const TOKEN_INVALID_ERRCODES: readonly number[] = [40001, 42001, 40014];

/** How each send errcode is handled, with the message the caller logs or shows. */
export const SUBSCRIBE_ERRCODES: Record<number, { reason: TSubscribeFailureReason; message: string; alert?: boolean }> = {
  43101: { reason: 'refused', message: '用户拒绝接收或一次性订阅次数已用完' },
  47003: { reason: 'bad_data', message: '订阅消息内容不符合模板字段规则（程序缺陷）', alert: true },
  47001: { reason: 'bad_data', message: '订阅消息请求格式不正确（程序缺陷）', alert: true },
  40003: { reason: 'config', message: '接收者 openid 无效（不属于本小程序）', alert: true },
  40037: { reason: 'config', message: '订阅消息模板编号无效（请核对 WECHAT_SUBSCRIBE_TEMPLATES）', alert: true },
  41030: { reason: 'config', message: '订阅消息跳转页面不存在于线上版本小程序', alert: true },
  41001: { reason: 'config', message: '请求缺少 access_token', alert: true },
  45009: { reason: 'retry_later', message: '微信接口调用次数已达今日上限，请稍后再发' },
  45011: { reason: 'retry_later', message: '微信接口调用过于频繁，请稍后再发' },
  45047: { reason: 'retry_later', message: '微信下行消息条数超过上限，请稍后再发' },
  [-1]: { reason: 'retry_later', message: '微信系统繁忙，请稍后再发' },
};

/** The outcome of an errcode answer (not 0, not a stale token). */
export function outcomeOfErrcode(errcode: number): Extract<TSubscribeSendOutcome, { ok: false }> & { alert: boolean } {
  const known = SUBSCRIBE_ERRCODES[errcode];
  if (known) return { ok: false, reason: known.reason, errcode, message: known.message, alert: known.alert ?? false };
  // WeChat refused it (nothing delivered) for a reason we do not classify: not retried, looked at by a person
  return { ok: false, reason: 'unknown', errcode, message: `微信拒绝发送订阅消息（errcode ${errcode}）`, alert: true };
}

/** The outcome of an HTTP-level failure of the send request itself. */
export function outcomeOfSendFailure(error: UpstreamError): Extract<TSubscribeSendOutcome, { ok: false }> {
  switch (error.kind) {
    case 'circuit_open':
      return { ok: false, reason: 'retry_later', message: '微信接口暂时不可用（熔断中），未发送' };
    case 'status':
      if (error.status === 429 || error.status === 503) return { ok: false, reason: 'retry_later', message: `微信接口暂时不可用（HTTP ${error.status}），未发送` };
      if (error.status !== undefined && error.status < 500) return { ok: false, reason: 'config', message: `微信接口地址或请求有误（HTTP ${error.status}）` };
      return { ok: false, reason: 'unknown', message: `微信接口出错（HTTP ${error.status}），消息可能已发出` };
    case 'timeout':
      return { ok: false, reason: 'unknown', message: '微信接口超时，消息可能已发出' };
    case 'network':
      return { ok: false, reason: 'unknown', message: '与微信接口的连接中断，消息可能已发出' };
    case 'invalid_response':
      return { ok: false, reason: 'unknown', message: '微信接口的应答无法识别，消息可能已发出' };
  }
}
