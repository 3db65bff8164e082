/**
 * Telling people: milestones → notifications → the durable queue → inbox +
 * subscribe message. At most once per push: the one-time consent is taken
 * from the quota ledger BEFORE WeChat is called, and a send whose outcome is
 * unknown is never repeated. A redelivery of the same notification finds its
 * marker and sends nothing again; the inbox entry is written once.
 *
 *   notif:{appId}:reached        SET     milestones already queued (see milestones.ts)
 *   notif:sent:{id}:{sub}        STRING  spending | sent | no_quota | refused | failed | unknown (30 days)
 *   subq:{sub}                   HASH    the quota ledger (subscriptions.ts)
 */
import { ZSubscribeTemplateKeySchema, templateData } from '../../domain';
import { z } from 'zod';
import type { TItemView } from '../applications/item-state';
import type { TStoredApplication } from '../applications/store';
import type { TDeps } from '../deps';
import { hmacId } from '../lib/crypto';
import { logger } from '../lib/logger';
import { fieldsToRecord } from '../storage/redis';
import { notificationSentEvent, recordEvents } from '../ledger/events';
import { INBOX_PUT_LUA, inboxMessageKey, inboxPutArgs, type TPushState } from './inbox';
import { milestonesOf, notificationsFor, type TNotification } from './milestones';

export const NOTIFY_TOPIC = 'notify';
export const SENT_MARKER_TTL_SECONDS = 30 * 86_400;

/**
 * KEYS: 1 sent marker, 2 quota hash, 3 the inbox message hash. ARGV: 1 template id, 2 marker TTL s.
 * Returns 1 one consent taken (call WeChat) · 0 no quota left (inbox only, marked so) · -1 handled before.
 */
export const SPEND_CONSENT_LUA = `
if redis.call('EXISTS', KEYS[1]) == 1 then return -1 end
local left = tonumber(redis.call('HGET', KEYS[2], ARGV[1]) or '0')
if left == nil or left <= 0 then
  redis.call('SET', KEYS[1], 'no_quota', 'EX', tonumber(ARGV[2]))
  if redis.call('EXISTS', KEYS[3]) == 1 then redis.call('HSET', KEYS[3], 'push', 'no_quota') end
  return 0
end
redis.call('HINCRBY', KEYS[2], ARGV[1], -1)
redis.call('SET', KEYS[1], 'spending', 'EX', tonumber(ARGV[2]))
return 1
`;

/**
 * KEYS: 1 sent marker, 2 quota hash. ARGV: 1 template id, 2 'retry' (forget the marker) or a final state.
 * Gives the consent back (WeChat did not use it) — only if the marker still says spending.
 */
export const RETURN_CONSENT_LUA = `
if redis.call('GET', KEYS[1]) ~= 'spending' then return 0 end
redis.call('HINCRBY', KEYS[2], ARGV[1], 1)
if ARGV[2] == 'retry' then redis.call('DEL', KEYS[1]) else redis.call('SET', KEYS[1], ARGV[2], 'KEEPTTL') end
return 1
`;

export const ZNotificationSchema = z.strictObject({
  id: z.string().min(1).max(200),
  applicationId: z.string().min(1).max(64),
  audience: z.enum(['hr', 'employee']),
  template: ZSubscribeTemplateKeySchema,
  milestones: z.array(z.string()),
  title: z.string(),
  body: z.string(),
  values: z.record(z.string(), z.string()),
  page: z.string(),
  at: z.string(),
});

/**
 * After items changed: queue what newly reached milestones call for.
 * Idempotent (the queue deduplicates by notification id). `firstRun`: the
 * application was just filed, so nothing was reached before (one round trip fewer).
 */
export async function queueNotifications(deps: TDeps, app: TStoredApplication, items: TItemView[], options: { firstRun?: boolean } = {}): Promise<TNotification[]> {
  const reachedKey = `${deps.prefix}notif:${app.id}:reached`;
  const all = milestonesOf(app, items);
  let fresh = all;
  if (!options.firstRun) {
    const check = deps.redis.pipeline();
    for (const m of all) check.sismember(reachedKey, m);
    const seen = (await check.exec()) as number[];
    fresh = all.filter((_, i) => Number(seen[i]) !== 1);
  }
  if (!fresh.length) return [];
  const notes = notificationsFor(app, items, fresh, deps.now());
  // queue first, then remember: a crash in between re-queues with the same dedup id, never loses one
  await deps.queue.publishMany(notes.map((n) => ({ topic: NOTIFY_TOPIC, body: n, options: { dedupId: `notify:${n.id}` } })));
  await deps.redis.sadd(reachedKey, ...(fresh as [string, ...string[]]));
  return notes;
}

const isActiveMember = (raw: unknown): boolean => {
  try {
    return (JSON.parse(String(raw)) as { status?: string }).status === 'active';
  } catch {
    return false;
  }
};

/**
 * Who hears it: the HR contact who filed, while still an active contact of
 * the enterprise (once revoked, or moved to another enterprise, the
 * enterprise's active contacts instead — a former contact hears nothing
 * more); for a window filing, the enterprise's active contacts; or every
 * WeChat user verified as the employee.
 */
async function recipients(deps: TDeps, app: TStoredApplication, n: TNotification): Promise<string[]> {
  if (n.audience === 'hr') {
    const membersKey = `${deps.prefix}ent:${app.onBehalfOf?.uscc ?? app.uscc}:members`;
    if (!app.onBehalfOf) {
      const entry = await deps.redis.hget<string>(membersKey, app.filedBy);
      // no entry: a filing from before memberships were kept; the filer stays its contact
      if (entry === null || entry === undefined || isActiveMember(entry)) return [app.filedBy];
    }
    // filed at the window on the enterprise's behalf (or by a former contact): its active HR contacts hear about it, not the clerk
    const members = fieldsToRecord(await deps.redis.hgetall(membersKey));
    return Object.entries(members)
      .filter(([, v]) => isActiveMember(v))
      .map(([openid]) => openid);
  }
  return (await deps.redis.smembers(`${deps.prefix}person:${app.personIdHmac}:subs`)) as string[];
}

export class RetryLaterError extends Error {
  readonly retryable = true;
}

/**
 * The consumer: inbox once, then at most one push per recipient. Throws RetryLaterError to be redelivered later.
 * Each recipient's outcome is a ledger event (notification.sent; the openid only as a keyed hash).
 */
export async function deliverNotification(deps: TDeps, n: TNotification): Promise<Record<string, TPushState>> {
  const app = await deps.store.get(n.applicationId);
  if (!app) return {};
  const templateId = deps.subscribeTemplates[n.template];
  const outcome: Record<string, TPushState> = {};
  let retry = false;
  const at = deps.now().toISOString();
  for (const sub of await recipients(deps, app, n)) {
    const marker = `${deps.prefix}notif:sent:${n.id}:${sub}`;
    const quota = `${deps.prefix}subq:${sub}`;
    // the inbox entry and the consent in one round trip (both idempotent)
    const first = deps.redis.pipeline();
    first.eval(INBOX_PUT_LUA, ...inboxPutArgs(deps, sub, n));
    first.eval(SPEND_CONSENT_LUA, [marker, quota, inboxMessageKey(deps, sub, n.id)], [templateId, String(SENT_MARKER_TTL_SECONDS)]);
    const spent = Number(((await first.exec()) as unknown[])[1]);
    if (spent === -1) {
      outcome[sub] = ((await deps.redis.get<string>(marker)) ?? 'unknown') as TPushState;
      continue;
    }
    if (spent === 0) {
      outcome[sub] = 'no_quota';
      continue;
    }
    const data = templateData(n.template, Object.fromEntries(Object.entries(n.values).map(([k, v]) => [k, /^\d{4}-\d{2}-\d{2}T/.test(v) ? new Date(v) : v])));
    const r = await deps.wechat.sendSubscribeMessage({ touser: sub, templateId, page: n.page, data, miniprogramState: deps.miniprogramState, lang: 'zh_CN' });
    let state: TPushState;
    const after = deps.redis.pipeline();
    if (r.ok) {
      state = 'sent';
      after.set(marker, 'sent', { ex: SENT_MARKER_TTL_SECONDS });
    } else if (r.reason === 'refused') {
      // 43101: the user has no consent left with WeChat: our ledger says 0 too; the inbox carries it, the next tap asks again
      state = 'refused';
      after.hset(quota, { [templateId]: '0' });
      after.set(marker, 'refused', { ex: SENT_MARKER_TTL_SECONDS });
    } else if (r.reason === 'unknown') {
      // maybe delivered: at most once, so never again
      state = 'unknown';
      after.set(marker, 'unknown', { ex: SENT_MARKER_TTL_SECONDS });
    } else if (r.reason === 'retry_later') {
      after.eval(RETURN_CONSENT_LUA, [marker, quota], [templateId, 'retry']);
      state = 'pending';
      retry = true;
    } else {
      // bad_data (a bug in our data) or config (openid, template id, page): not delivered, consent given back, no retry
      state = 'failed';
      after.eval(RETURN_CONSENT_LUA, [marker, quota], [templateId, 'failed']);
      logger.error('ALERT subscribe message not sent', { notification: n.id, template: n.template, reason: r.reason, errcode: r.errcode, message: r.message });
    }
    after.hset(inboxMessageKey(deps, sub, n.id), { push: state });
    await after.exec();
    outcome[sub] = state;
  }
  await recordEvents(
    deps,
    Object.entries(outcome)
      .filter(([, push]) => push !== ('spending' as TPushState)) // a send in flight elsewhere: that delivery records it
      .map(([sub, push]) => notificationSentEvent({ notification: n, app, recipientHash: hmacId(`wechat:${sub}`, deps.keys), push, at })),
  );
  if (retry) throw new RetryLaterError('微信消息发送受限，稍后重试');
  return outcome;
}
