/**
 * The in-app inbox: every notification lands here, whatever happens to the
 * push. When a user has no one-time subscription left, this is the channel.
 *
 *   inbox:{sub}            ZSET   message ids by time (ms), the newest 200 kept
 *   inbox:{sub}:m:{id}     HASH   title, body, page, at, template, applicationId, push (180 days)
 *   inbox:{sub}:unread     SET    ids not read yet
 */
import { z } from 'zod';
import type { TInboxMessage, TInboxPage, TPushState } from '../../domain';

export type { TPushState };
import type { TDeps } from '../deps';
import { fieldsToRecord } from '../storage/redis';
import type { TNotification } from './milestones';

export const INBOX_LENGTH = 200;
export const INBOX_TTL_SECONDS = 180 * 86_400;

/**
 * KEYS: 1 message hash, 2 inbox zset, 3 unread set.
 * ARGV: 1 id, 2 score ms, 3 TTL s, 4 title, 5 body, 6 page, 7 at, 8 template, 9 applicationId, 10 inbox length.
 * Returns 1 added · 0 already there (a redelivery).
 */
export const INBOX_PUT_LUA = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], 'title', ARGV[4], 'body', ARGV[5], 'page', ARGV[6], 'at', ARGV[7], 'template', ARGV[8], 'applicationId', ARGV[9], 'push', 'pending')
redis.call('EXPIRE', KEYS[1], tonumber(ARGV[3]))
redis.call('ZADD', KEYS[2], tonumber(ARGV[2]), ARGV[1])
redis.call('ZREMRANGEBYRANK', KEYS[2], 0, -(tonumber(ARGV[10]) + 1))
redis.call('SADD', KEYS[3], ARGV[1])
return 1
`;

const keys = (deps: Pick<TDeps, 'prefix'>, sub: string) => ({
  zset: `${deps.prefix}inbox:${sub}`,
  unread: `${deps.prefix}inbox:${sub}:unread`,
  msg: (id: string) => `${deps.prefix}inbox:${sub}:m:${id}`,
});

export const inboxMessageKey = (deps: Pick<TDeps, 'prefix'>, sub: string, id: string) => keys(deps, sub).msg(id);

/** KEYS and ARGV of INBOX_PUT_LUA for a notification (run alone, or in a pipeline with the consent). */
export function inboxPutArgs(deps: Pick<TDeps, 'prefix'>, sub: string, n: TNotification): [string[], string[]] {
  const k = keys(deps, sub);
  return [
    [k.msg(n.id), k.zset, k.unread],
    [n.id, String(Date.parse(n.at)), String(INBOX_TTL_SECONDS), n.title, n.body, n.page, n.at, n.template, n.applicationId, String(INBOX_LENGTH)],
  ];
}

export async function putInInbox(deps: TDeps, sub: string, n: TNotification): Promise<boolean> {
  return Number(await deps.redis.eval(INBOX_PUT_LUA, ...inboxPutArgs(deps, sub, n))) === 1;
}


export const ZInboxQuerySchema = z.object({
  limit: z.coerce.number({ error: 'limit 应为数字' }).int().min(1, { error: 'limit 至少为1' }).max(50, { error: 'limit 最多为50' }).default(20),
  cursor: z.coerce.number({ error: 'cursor 应为数字' }).int().min(0).optional(),
});

export const ZMarkReadSchema = z.union(
  [
    z.strictObject({ ids: z.array(z.string().min(1).max(200)).min(1, { error: '至少指定一条消息' }).max(100, { error: '一次最多100条' }) }),
    z.strictObject({ all: z.literal(true) }),
  ],
  { error: '请指定要标为已读的消息（ids），或 all: true' },
);


/** Newest first; `cursor` is the time (ms) to continue below. Two round trips. */
export async function listInbox(deps: TDeps, sub: string, q: z.infer<typeof ZInboxQuerySchema>): Promise<TInboxPage> {
  const k = keys(deps, sub);
  const max = q.cursor === undefined ? '+inf' : `(${q.cursor}`;
  const first = deps.redis.pipeline();
  first.zrange(k.zset, max as never, '-inf' as never, { byScore: true, rev: true, offset: 0, count: q.limit + 1, withScores: true });
  first.smembers(k.unread);
  const [rows, unreadIds] = (await first.exec()) as [(string | number)[], string[]];
  const pairs: { id: string; score: number }[] = [];
  for (let i = 0; i < rows.length; i += 2) pairs.push({ id: String(rows[i]), score: Number(rows[i + 1]) });
  const page = pairs.slice(0, q.limit);
  const unread = new Set(unreadIds);
  let items: TInboxMessage[] = [];
  if (page.length) {
    const second = deps.redis.pipeline();
    for (const p of page) second.hgetall(k.msg(p.id));
    const hashes = (await second.exec()) as unknown[];
    items = page
      .map((p, i) => ({ p, m: fieldsToRecord(hashes[i]) }))
      .filter(({ m }) => m.title)
      .map(({ p, m }) => ({
        id: p.id,
        title: m.title!,
        body: m.body ?? '',
        page: m.page ?? '',
        at: m.at ?? new Date(p.score).toISOString(),
        template: m.template ?? '',
        applicationId: m.applicationId ?? '',
        read: !unread.has(p.id),
        push: (m.push ?? 'pending') as TPushState,
      }));
  }
  return { items, unread: unread.size, ...(pairs.length > q.limit ? { nextCursor: page[page.length - 1]!.score } : {}) };
}

export async function markRead(deps: TDeps, sub: string, input: z.infer<typeof ZMarkReadSchema>): Promise<{ unread: number }> {
  const k = keys(deps, sub);
  if ('all' in input) await deps.redis.del(k.unread);
  else await deps.redis.srem(k.unread, ...(input.ids as [string, ...string[]]));
  return { unread: await deps.redis.scard(k.unread) };
}
