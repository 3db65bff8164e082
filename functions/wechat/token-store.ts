/**
 * Where the WeChat access_token lives between calls and function instances.
 *
 * `RedisTokenStore` (production, wired in context.ts) keeps it in Redis so
 * every instance uses the same token, with
 * - a refresh lock (SET NX PX, released by its owner only) so one instance at
 *   a time asks stable_token while the others wait briefly and re-read;
 * - a compare-and-set write, so a refresher whose lock ran out cannot put an
 *   older token over one another refresher wrote meanwhile;
 * - the forced-refresh ledger: WeChat allows `force_refresh` 20 times a day,
 *   30 s apart (facts.md; 开放文档 getStableAccessToken: “强制刷新模式每天限用20次且需间隔30秒”),
 *   counted per natural day in Asia/Shanghai.
 *
 * `MemoryTokenStore` implements the same interface in this process (unit
 * tests, and the default of a WeChatClient built without one).
 *
 * Keys (all under the deployment's KEY_PREFIX):
 *   wechat:token:<appid>                 hash { token, expiresAt, refreshAt } (ms); PEXPIRE at expiry
 *   wechat:token:<appid>:lock            the refresher's owner id; PX (a refresh's longest duration)
 *   wechat:token:<appid>:force:<YYYYMMDD> forced refreshes that day (Asia/Shanghai); EX 2 days
 *   wechat:token:<appid>:force:last      `<ms>|<permit id>` of the last forced refresh; EX 2 days
 */
import type { Redis } from '@upstash/redis';
import { chinaDay, msUntilChinaMidnight } from '../../domain';
import { keyspace } from '../storage/keys';

export interface TCachedToken {
  token: string;
  /** When WeChat stops accepting it (ms since epoch). */
  expiresAt: number;
  /** When to ask for the next one (ms since epoch), ~300 s before expiry. */
  refreshAt: number;
}

export interface TForceRefreshLimits {
  /** Forced refreshes allowed per natural day (Asia/Shanghai); WeChat's limit is 20. */
  maxPerDay: number;
  /** Least time between two forced refreshes, ms; WeChat's is 30 s. */
  minGapMs: number;
}

export const WECHAT_FORCE_REFRESH_LIMITS: TForceRefreshLimits = { maxPerDay: 20, minGapMs: 30_000 };

export type TForcePermit =
  | { granted: true; usedToday: number }
  | { granted: false; reason: 'too_soon' | 'daily_cap'; usedToday: number; retryAfterMs: number };

export interface TWeChatTokenStore {
  /** The cached token, whatever its age (the caller compares the times), or undefined. */
  read(): Promise<TCachedToken | undefined>;
  /**
   * Stores `next` if the cache still holds `expected` (undefined: held nothing
   * when the caller read it) or already holds `next.token`; otherwise keeps
   * what is there. Returns what is cached afterwards.
   */
  compareAndSet(expected: string | undefined, next: TCachedToken, now: number): Promise<{ written: boolean; current: TCachedToken }>;
  /** Takes the refresh lock for `ttlMs` when nobody holds it. */
  tryLock(owner: string, ttlMs: number): Promise<boolean>;
  /** Releases the lock if `owner` still holds it. */
  unlock(owner: string): Promise<void>;
  /**
   * Counts one forced refresh when the limits allow it. `permitId` makes a
   * repeated request (a retried round trip) count once.
   */
  permitForceRefresh(now: number, permitId: string, limits?: TForceRefreshLimits): Promise<TForcePermit>;
}

const LEDGER_TTL_SECONDS = 2 * 86_400;

/** Re-exported for the WeChat module's callers; defined once in domain/calendar. */
export { chinaDay, msUntilChinaMidnight };

/**
 * KEYS: 1 token hash. ARGV: 1 expected token ('' = none), 2 token, 3 expiresAt ms, 4 refreshAt ms, 5 ttl ms.
 * Writes when the hash holds nothing, `expected`, or the same token.
 * Returns { 1, token, expiresAt, refreshAt } written · { 0, token, expiresAt, refreshAt } what another refresher wrote.
 */
export const TOKEN_COMPARE_AND_SET_LUA = `
local cur = redis.call('HGET', KEYS[1], 'token')
if cur and cur ~= ARGV[1] and cur ~= ARGV[2] then
  local f = redis.call('HMGET', KEYS[1], 'expiresAt', 'refreshAt')
  return {0, cur, f[1] or '0', f[2] or '0'}
end
redis.call('HSET', KEYS[1], 'token', ARGV[2], 'expiresAt', ARGV[3], 'refreshAt', ARGV[4])
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[5]))
return {1, ARGV[2], ARGV[3], ARGV[4]}
`;

/** KEYS: 1 lock. ARGV: 1 owner. Deletes the lock only if `owner` holds it; returns 1 when deleted. */
export const TOKEN_UNLOCK_LUA = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
`;

/**
 * KEYS: 1 today's counter, 2 last forced refresh (`<ms>|<permit id>`).
 * ARGV: 1 now ms, 2 min gap ms, 3 max per day, 4 ledger TTL s, 5 permit id.
 * Returns { 1, 'ok', usedToday, 0 } granted (also when this permit id was already granted) ·
 *         { 0, 'too_soon', usedToday, waitMs } · { 0, 'daily_cap', usedToday, 0 }.
 */
export const FORCE_REFRESH_PERMIT_LUA = `
local now = tonumber(ARGV[1])
local used = tonumber(redis.call('GET', KEYS[1]) or '0')
local lastRaw = redis.call('GET', KEYS[2])
if lastRaw then
  local sep = string.find(lastRaw, '|', 1, true)
  if sep and string.sub(lastRaw, sep + 1) == ARGV[5] then return {1, 'ok', used, 0} end
  local last = tonumber(sep and string.sub(lastRaw, 1, sep - 1) or lastRaw)
  local gap = tonumber(ARGV[2])
  if last and now - last < gap then return {0, 'too_soon', used, last + gap - now} end
end
if used >= tonumber(ARGV[3]) then return {0, 'daily_cap', used, 0} end
used = redis.call('INCR', KEYS[1])
redis.call('EXPIRE', KEYS[1], tonumber(ARGV[4]))
redis.call('SET', KEYS[2], ARGV[1] .. '|' .. ARGV[5], 'EX', tonumber(ARGV[4]))
return {1, 'ok', used, 0}
`;

function permitFrom(reply: [number, string, number | string, number | string], now: number): TForcePermit {
  const [granted, reason, used, wait] = reply;
  const usedToday = Number(used);
  if (granted === 1) return { granted: true, usedToday };
  if (reason === 'too_soon') return { granted: false, reason, usedToday, retryAfterMs: Math.max(0, Number(wait)) };
  return { granted: false, reason: 'daily_cap', usedToday, retryAfterMs: msUntilChinaMidnight(now) };
}

export class RedisTokenStore implements TWeChatTokenStore {
  private readonly casScript;
  private readonly unlockScript;
  private readonly permitScript;
  private readonly key: (...parts: string[]) => string;

  constructor(
    private readonly redis: Redis,
    prefix: string,
    appid: string,
  ) {
    const ks = keyspace(prefix);
    this.key = (...parts) => ks('wechat', 'token', appid, ...parts);
    this.casScript = redis.createScript<[number, string, string, string]>(TOKEN_COMPARE_AND_SET_LUA);
    this.unlockScript = redis.createScript<number>(TOKEN_UNLOCK_LUA);
    this.permitScript = redis.createScript<[number, string, number, number]>(FORCE_REFRESH_PERMIT_LUA);
  }

  /** The keys, for tests and STORAGE.md. */
  get keys(): { token: string; lock: string; forceLast: string; forceDay: (now: number) => string } {
    return { token: this.key(), lock: this.key('lock'), forceLast: this.key('force', 'last'), forceDay: (now) => this.key('force', chinaDay(now)) };
  }

  async read(): Promise<TCachedToken | undefined> {
    // with automatic deserialization off, HMGET answers Redis's array (the typings say an object)
    return tokenFromReply(await this.redis.hmget(this.key(), 'token', 'expiresAt', 'refreshAt'));
  }

  async compareAndSet(expected: string | undefined, next: TCachedToken, now: number): Promise<{ written: boolean; current: TCachedToken }> {
    const ttlMs = Math.max(1_000, next.expiresAt - now);
    const [written, token, expiresAt, refreshAt] = await this.casScript.exec(
      [this.key()],
      [expected ?? '', next.token, String(next.expiresAt), String(next.refreshAt), String(ttlMs)],
    );
    return { written: written === 1, current: { token: String(token), expiresAt: Number(expiresAt), refreshAt: Number(refreshAt) } };
  }

  async tryLock(owner: string, ttlMs: number): Promise<boolean> {
    return (await this.redis.set(this.key('lock'), owner, { nx: true, px: ttlMs })) === 'OK';
  }

  async unlock(owner: string): Promise<void> {
    await this.unlockScript.exec([this.key('lock')], [owner]);
  }

  async permitForceRefresh(now: number, permitId: string, limits: TForceRefreshLimits = WECHAT_FORCE_REFRESH_LIMITS): Promise<TForcePermit> {
    const reply = await this.permitScript.exec(
      [this.key('force', chinaDay(now)), this.key('force', 'last')],
      [String(now), String(limits.minGapMs), String(limits.maxPerDay), String(LEDGER_TTL_SECONDS), permitId],
    );
    return permitFrom(reply, now);
  }
}

function tokenFromReply(reply: unknown): TCachedToken | undefined {
  const values = Array.isArray(reply)
    ? reply
    : reply && typeof reply === 'object'
      ? [(reply as Record<string, unknown>).token, (reply as Record<string, unknown>).expiresAt, (reply as Record<string, unknown>).refreshAt]
      : [];
  const [token, expiresAt, refreshAt] = values as unknown[];
  if (typeof token !== 'string' || token === '') return undefined;
  const e = Number(expiresAt);
  const r = Number(refreshAt);
  if (!Number.isFinite(e) || !Number.isFinite(r)) return undefined;
  return { token, expiresAt: e, refreshAt: r };
}

/** The same semantics in this process: one instance's cache, lock and ledger. */
export class MemoryTokenStore implements TWeChatTokenStore {
  private cached: TCachedToken | undefined;
  private lock: { owner: string; until: number } | undefined;
  private readonly forcedByDay = new Map<string, number>();
  private lastForce: { at: number; permitId: string } | undefined;

  constructor(private readonly clock: () => number = Date.now) {}

  async read(): Promise<TCachedToken | undefined> {
    return this.cached ? { ...this.cached } : undefined;
  }

  async compareAndSet(expected: string | undefined, next: TCachedToken): Promise<{ written: boolean; current: TCachedToken }> {
    const cur = this.cached?.token;
    if (cur !== undefined && cur !== expected && cur !== next.token) return { written: false, current: { ...this.cached! } };
    this.cached = { ...next };
    return { written: true, current: { ...next } };
  }

  async tryLock(owner: string, ttlMs: number): Promise<boolean> {
    const t = this.clock();
    if (this.lock && this.lock.until > t) return false;
    this.lock = { owner, until: t + ttlMs };
    return true;
  }

  async unlock(owner: string): Promise<void> {
    if (this.lock?.owner === owner) this.lock = undefined;
  }

  async permitForceRefresh(now: number, permitId: string, limits: TForceRefreshLimits = WECHAT_FORCE_REFRESH_LIMITS): Promise<TForcePermit> {
    const day = chinaDay(now);
    const used = this.forcedByDay.get(day) ?? 0;
    if (this.lastForce?.permitId === permitId) return { granted: true, usedToday: used };
    if (this.lastForce && now - this.lastForce.at < limits.minGapMs) {
      return { granted: false, reason: 'too_soon', usedToday: used, retryAfterMs: this.lastForce.at + limits.minGapMs - now };
    }
    if (used >= limits.maxPerDay) return { granted: false, reason: 'daily_cap', usedToday: used, retryAfterMs: msUntilChinaMidnight(now) };
    this.forcedByDay.set(day, used + 1);
    this.lastForce = { at: now, permitId };
    return { granted: true, usedToday: used + 1 };
  }
}
