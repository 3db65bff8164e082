/**
 * The supervision index: what the clerk's queues, the overdue board and the
 * statistics read, kept up to date whenever items change (`afterItems`), so
 * none of them scans the applications.
 *
 *   sup:q:{department}:{state}   ZSET  "{appId}:{item}" → filing time (ms); open states only
 *   sup:due                      ZSET  "{appId}:{item}" → earliest of the promised / one-thing due
 *                                      dates (days since 1970-01-01); open items with a due date only
 *   sup:filed:{item}             ZSET  appId → filing time (ms): how many were filed
 *   sup:ttd:{item}               ZSET  appId → seconds from filing to done
 *   sup:ttd:dept:{department}    ZSET  "{appId}:{item}" → seconds from filing to done
 *
 * One script call per change of an application (all seven items). The
 * script reads each item's state from its hash — the truth — rather than
 * trusting the caller's view, so two runs finishing out of order cannot put
 * a done item back into a queue. Running it again for the same state changes
 * nothing.
 */
import type { Redis } from '@upstash/redis';
import { dayScore, ITEM_CATALOG, ITEMS_BY_CODE, itemDeadlines, OPEN_ITEM_STATES, type TDepartment, type TItemCode } from '../../domain';
import type { TDeps } from '../deps';
import type { TItemView } from '../applications/item-state';
import type { TStoredApplication } from '../applications/store';

export const supKey = (deps: Pick<TDeps, 'prefix'>, ...parts: string[]) => `${deps.prefix}sup:${parts.join(':')}`;
export const queueKey = (deps: Pick<TDeps, 'prefix'>, department: TDepartment, state: string) => supKey(deps, 'q', department, state);
export const itemMember = (appId: string, item: TItemCode) => `${appId}:${item}`;
export function parseItemMember(member: string): { appId: string; item: TItemCode } {
  const i = member.lastIndexOf(':');
  return { appId: member.slice(0, i), item: member.slice(i + 1) as TItemCode };
}

/** Keys per item, in this order. */
const KEYS_PER_ITEM = 8;
/** Arguments per item after the two shared ones (appId, filed ms). */
const ARGS_PER_ITEM = 3;

/**
 * KEYS (per item i, 8 each): item hash, queue submitted, queue processing, queue needs_correction,
 *   due index, filed index (per item), time-to-done (per item), time-to-done (per department).
 * ARGV: 1 appId, 2 filed ms; per item: member, due score ('' = none), seconds to done ('' = unknown).
 * Returns the number of items indexed.
 */
export const SUPERVISION_INDEX_LUA = `
local n = 0
local items = math.floor(#KEYS / ${KEYS_PER_ITEM})
for i = 0, items - 1 do
  local k = i * ${KEYS_PER_ITEM}
  local a = 2 + i * ${ARGS_PER_ITEM}
  local state = redis.call('HGET', KEYS[k + 1], 'state')
  if state then
    local member = ARGV[a + 1]
    redis.call('ZADD', KEYS[k + 6], ARGV[2], ARGV[1])
    local open = false
    local states = {'submitted', 'processing', 'needs_correction'}
    for j = 1, 3 do
      if states[j] == state then
        open = true
        redis.call('ZADD', KEYS[k + 1 + j], ARGV[2], member)
      else
        redis.call('ZREM', KEYS[k + 1 + j], member)
      end
    end
    if open and ARGV[a + 2] ~= '' then
      redis.call('ZADD', KEYS[k + 5], ARGV[a + 2], member)
    else
      redis.call('ZREM', KEYS[k + 5], member)
    end
    if state == 'done' and ARGV[a + 3] ~= '' then
      redis.call('ZADD', KEYS[k + 7], ARGV[a + 3], ARGV[1])
      redis.call('ZADD', KEYS[k + 8], ARGV[a + 3], member)
    end
    n = n + 1
  end
end
return n
`;

const scripts = new WeakMap<Redis, ReturnType<Redis['createScript']>>();
function script(redis: Redis) {
  let s = scripts.get(redis);
  if (!s) scripts.set(redis, (s = redis.createScript<number>(SUPERVISION_INDEX_LUA)));
  return s;
}

/** Seconds from filing to the item's `done` entry (from its history), or undefined. */
export function secondsToDone(app: Pick<TStoredApplication, 'filedAt'>, item: Pick<TItemView, 'state' | 'history'>): number | undefined {
  if (item.state !== 'done') return undefined;
  const done = [...item.history].reverse().find((h) => h.state === 'done');
  const start = item.history[0]?.at ?? app.filedAt;
  if (!done) return undefined;
  const s = (Date.parse(done.at) - Date.parse(start)) / 1000;
  return Number.isFinite(s) ? Math.max(0, Math.round(s)) : undefined;
}

/** The score of the date an open item is first due by (promised or one-thing), or undefined. */
export function dueScore(app: Pick<TStoredApplication, 'dueDates'>, item: TItemCode): number | undefined {
  const { earliest } = itemDeadlines(app.dueDates[item] ?? []);
  return earliest ? dayScore(earliest) : undefined;
}

/** Brings the index up to date for one application's items (all seven in one call). */
export async function indexItems(deps: Pick<TDeps, 'redis' | 'prefix'>, app: TStoredApplication, items: TItemView[]): Promise<void> {
  const byCode = new Map(items.map((v) => [v.code, v]));
  const codes = ITEM_CATALOG.map((i) => i.code).filter((c) => byCode.has(c));
  if (!codes.length) return;
  const keys: string[] = [];
  const args: string[] = [app.id, String(Date.parse(app.filedAt))];
  for (const code of codes) {
    const department = ITEMS_BY_CODE[code].department;
    keys.push(
      `${deps.prefix}app:${app.id}:item:${code}`,
      ...OPEN_ITEM_STATES.map((s) => queueKey(deps, department, s)),
      supKey(deps, 'due'),
      supKey(deps, 'filed', code),
      supKey(deps, 'ttd', code),
      supKey(deps, 'ttd', 'dept', department),
    );
    const due = dueScore(app, code);
    const ttd = secondsToDone(app, byCode.get(code)!);
    args.push(itemMember(app.id, code), due === undefined ? '' : String(due), ttd === undefined ? '' : String(ttd));
  }
  await script(deps.redis).exec(keys, args);
}
