/**
 * The rate limits of functions/ratelimit/README.md, on the app's @upstash/redis
 * client: request counts with @upstash/ratelimit's sliding window, and the
 * per-day caps on DIFFERENT people looked up with one small Lua script (a set
 * per enterprise per day; Ratelimit counts requests, not distinct values).
 *
 * All checks of one request are issued in the same tick, so the client's
 * auto-pipelining sends them as ONE request (one round trip); a refused
 * request gives back what the others took (one more round trip, only then).
 * A refusal is `AppError('RATE_LIMITED')` (429) with a Chinese message saying
 * what was limited and when to retry, and `retryAfterSeconds` (→ Retry-After).
 * Storage down while checking: every limit here fails CLOSED (503), see README.
 */
import { createHash } from 'node:crypto';
import { Ratelimit } from '@upstash/ratelimit';
import type { Redis } from '@upstash/redis';
import { AppError, chinaDay, formatRetryAfter, msUntilChinaMidnight, type TRateLimitPolicy, type TWindowLimit } from '../../domain';
import { requireHr, type TPrincipal } from '../auth/principal';
import { hmacId, type TPersonalDataKeys } from '../lib/crypto';
import { isStorageUnavailable } from '../storage/errors';
import { keyspace } from '../storage/keys';
import { clientAddress, type TAddressedRequest } from './client-address';

/** How long a filing's Idempotency-Key is remembered as counted: as long as the store keeps the key (idem:{uscc}:{key}, 24 h). */
export const FILING_KEY_TTL_SECONDS = 86_400;

/**
 * Adds `ARGV[1]` to the set `KEYS[1]` unless it holds `ARGV[2]` members already; a member
 * already in the set passes without counting. Returns { allowed 0|1, size, added 0|1 }.
 */
export const DISTINCT_CAP_LUA = `
local key, member, cap, ttl = KEYS[1], ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
if redis.call('SISMEMBER', key, member) == 1 then
  return {1, redis.call('SCARD', key), 0}
end
local size = redis.call('SCARD', key)
if size >= cap then
  return {0, size, 0}
end
redis.call('SADD', key, member)
if redis.call('TTL', key) < 0 then
  redis.call('EXPIRE', key, ttl)
end
return {1, size + 1, 1}
`;
const DISTINCT_CAP_SHA = createHash('sha1').update(DISTINCT_CAP_LUA).digest('hex');

/** One check of a request: a request count (Ratelimit), or a daily cap on distinct members. */
type TCheck =
  | { kind: 'window'; limiter: Ratelimit; id: string; message: (retryAfter: string) => string }
  | { kind: 'distinct'; key: string; member: string; cap: number; resetAt: number; message: string };

interface TCheckResult {
  check: TCheck;
  ok: boolean;
  /** When the caller may try again (ms since epoch), for a refusal. */
  resetAt: number;
  /** Whether this check took something a refusal elsewhere must give back. */
  took: boolean;
}

export interface TRateLimiterOptions {
  redis: Redis;
  /** The deployment's KEY_PREFIX: every key is `${prefix}rl:…`. */
  prefix: string;
  policy: TRateLimitPolicy;
  /** For the ID number → keyed hash (the distinct-person sets never hold an ID number). */
  keys: TPersonalDataKeys;
  /** Reverse proxies in front of the API (TRUSTED_PROXY_HOPS). */
  trustedProxyHops: number;
  /** The clock of the day caps (Ratelimit itself reads Date.now()). */
  now?: () => number;
}

export interface TRateLimiter {
  readonly policy: TRateLimitPolicy;
  /** `POST /api/auth/login`: per caller address. */
  login(req: TAddressedRequest): Promise<void>;
  /** `POST /api/auth/clerk-login`: runs `attempt` if the address and the account have failures left; a success gives its attempt back. */
  clerkLogin<T>(req: TAddressedRequest, username: string, attempt: () => T | Promise<T>): Promise<T>;
  /** `GET /api/autofill/person`: per user, per enterprise, and the day's distinct people of the enterprise (or of the clerk). */
  autofillPerson(p: TPrincipal, idNumber: string): Promise<void>;
  /** `GET /api/autofill/enterprise`: per user. */
  autofillEnterprise(p: TPrincipal): Promise<void>;
  /** `POST /api/applications`: per user and (HR) per enterprise, once per Idempotency-Key — a retry is never counted nor refused. */
  filing(p: TPrincipal, idempotencyKey: string | undefined): Promise<void>;
  /** `GET /api/me/card/qr`: per user. */
  cardQr(p: TPrincipal): Promise<void>;
}

const shortHash = (value: string) => createHash('sha256').update(value).digest('hex').slice(0, 24);

export function createRateLimiter(options: TRateLimiterOptions): TRateLimiter {
  const { redis, policy } = options;
  const now = options.now ?? (() => Date.now());
  const key = keyspace(options.prefix);
  const slidingWindow = (name: string, limit: TWindowLimit) =>
    new Ratelimit({
      redis,
      prefix: key('rl', name),
      limiter: Ratelimit.slidingWindow(limit.requests, `${limit.windowSeconds} s`),
      // no race against a timer that lets the request through: a slow or absent store is an error (fail closed)
      timeout: 0,
      analytics: false,
      enableProtection: false,
      enableTelemetry: false,
    });
  const limiters = {
    loginIp: slidingWindow('login:ip', policy.login.perIp),
    clerkIp: slidingWindow('clerk-login:ip', policy.clerkLogin.perIp),
    clerkUser: slidingWindow('clerk-login:user', policy.clerkLogin.perUsername),
    personUser: slidingWindow('autofill-person:user', policy.autofillPerson.perUser),
    personEnterprise: slidingWindow('autofill-person:ent', policy.autofillPerson.perEnterprise),
    enterpriseUser: slidingWindow('autofill-enterprise:user', policy.autofillEnterprise.perUser),
    filingUser: slidingWindow('filing:user', policy.filing.perUser),
    filingEnterprise: slidingWindow('filing:ent', policy.filing.perEnterprise),
    cardQrUser: slidingWindow('card-qr:user', policy.cardQr.perUser),
  };

  /** Issues a check's command(s) now (same tick as the others: one pipeline). */
  function start(check: TCheck): Promise<TCheckResult> {
    if (check.kind === 'window') {
      return check.limiter.limit(check.id).then((r) => ({ check, ok: r.success, resetAt: r.reset, took: r.success }));
    }
    const args = [check.member, String(check.cap), String(Math.ceil((check.resetAt - now()) / 1000) + 3_600)];
    return redis
      .evalsha(DISTINCT_CAP_SHA, [check.key], args)
      .catch((error: unknown) => {
        if (String(error).includes('NOSCRIPT')) return redis.eval(DISTINCT_CAP_LUA, [check.key], args);
        throw error;
      })
      .then((reply) => {
        const [allowed, , added] = (reply as unknown[]).map(Number);
        return { check, ok: allowed === 1, resetAt: check.resetAt, took: added === 1 };
      });
  }

  /** Gives back what the passed checks took (a refused request counts nowhere). */
  async function giveBack(results: TCheckResult[]): Promise<void> {
    await Promise.all(
      results
        .filter((r) => r.took)
        .map((r) => (r.check.kind === 'window' ? r.check.limiter.limit(r.check.id, { rate: -1 }) : redis.srem(r.check.key, r.check.member))),
    );
  }

  function refusal(results: TCheckResult[]): AppError {
    // the refusal that lasts longest decides when to come back
    const worst = results.filter((r) => !r.ok).sort((a, b) => b.resetAt - a.resetAt)[0]!;
    const retryAfterSeconds = Math.max(1, Math.ceil((worst.resetAt - now()) / 1000));
    const message = worst.check.kind === 'window' ? worst.check.message(formatRetryAfter(retryAfterSeconds)) : worst.check.message;
    return new AppError('RATE_LIMITED', { message, retryAfterSeconds });
  }

  /** Runs the checks in one round trip, plus `extra` commands issued in the same tick. */
  async function runChecks<E>(checks: TCheck[], extra?: () => Promise<E>): Promise<{ results: TCheckResult[]; extra: E | undefined }> {
    try {
      const pending = checks.map(start);
      const extraPending = extra?.();
      const [results, extraResult] = await Promise.all([Promise.all(pending), extraPending]);
      return { results, extra: extraResult };
    } catch (error) {
      if (isStorageUnavailable(error)) {
        // fail closed: without the counters nothing is let through (README, "Storage down")
        throw new AppError('STORAGE_UNAVAILABLE', { retryAfterSeconds: 5, cause: error });
      }
      throw error;
    }
  }

  async function enforce(checks: TCheck[]): Promise<void> {
    const { results } = await runChecks(checks);
    if (results.every((r) => r.ok)) return;
    await giveBack(results);
    throw refusal(results);
  }

  /** The end of today in China (UTC+8), ms since epoch; and today's date as yyyymmdd. */
  const today = () => {
    const t = now();
    return { resetAt: t + msUntilChinaMidnight(t), day: chinaDay(t) };
  };

  return {
    policy,

    login: (req) =>
      enforce([
        { kind: 'window', limiter: limiters.loginIp, id: clientAddress(req, options.trustedProxyHops), message: (t) => `登录过于频繁，请在 ${t}后重试` },
      ]),

    async clerkLogin(req, username, attempt) {
      const checks: TCheck[] = [
        { kind: 'window', limiter: limiters.clerkIp, id: clientAddress(req, options.trustedProxyHops), message: (t) => `本机登录失败次数过多，请在 ${t}后重试` },
        { kind: 'window', limiter: limiters.clerkUser, id: shortHash(username.trim().toLowerCase()), message: (t) => `该账号登录失败次数过多，已暂时锁定，请在 ${t}后重试` },
      ];
      const { results } = await runChecks(checks);
      if (!results.every((r) => r.ok)) {
        await giveBack(results);
        throw refusal(results);
      }
      const out = await attempt();
      // only failures count: a successful login gives its attempt back
      await giveBack(results);
      return out;
    },

    async autofillPerson(p, idNumber) {
      requireHr(p, undefined, { allowClerk: true });
      const { resetAt, day } = today();
      const member = hmacId(idNumber, options.keys);
      const checks: TCheck[] = [{ kind: 'window', limiter: limiters.personUser, id: p.sub, message: (t) => `查询人员信息过于频繁，请在 ${t}后重试` }];
      if (p.hr) {
        const cap = policy.autofillPerson.distinctPersonsPerEnterprisePerDay.persons;
        checks.push(
          { kind: 'window', limiter: limiters.personEnterprise, id: p.hr.uscc, message: (t) => `本单位查询人员信息过于频繁，请在 ${t}后重试` },
          {
            kind: 'distinct',
            key: key('rl', 'autofill-person', 'persons', 'ent', p.hr.uscc, day),
            member,
            cap,
            resetAt,
            message: `本单位今日核验人员信息已达上限（${cap}人），请明日再试；如需办理更多人员，请到政务服务窗口办理`,
          },
        );
      } else {
        const cap = policy.autofillPerson.distinctPersonsPerClerkPerDay.persons;
        checks.push({
          kind: 'distinct',
          key: key('rl', 'autofill-person', 'persons', 'user', p.sub, day),
          member,
          cap,
          resetAt,
          message: `您今日核验人员信息已达上限（${cap}人），请明日再试或联系系统管理员`,
        });
      }
      await enforce(checks);
    },

    async autofillEnterprise(p) {
      requireHr(p, undefined, { allowClerk: true });
      await enforce([{ kind: 'window', limiter: limiters.enterpriseUser, id: p.sub, message: (t) => `查询单位信息过于频繁，请在 ${t}后重试` }]);
    },

    async filing(p, idempotencyKey) {
      requireHr(p, undefined, { allowClerk: true });
      // without a well-formed key the filing is refused (422) before anything is counted
      if (!idempotencyKey || !/^[A-Za-z0-9_.:-]{8,128}$/.test(idempotencyKey)) return;
      const owner = p.hr ? p.hr.uscc : p.sub;
      const marker = key('rl', 'filing', 'key', owner, shortHash(idempotencyKey));
      const perEnterprise = policy.filing.perEnterprise;
      const checks: TCheck[] = [{ kind: 'window', limiter: limiters.filingUser, id: p.sub, message: (t) => `提交申请过于频繁，请在 ${t}后重试` }];
      // window filings (clerks) are how an enterprise files beyond its own cap: not counted against it
      if (p.hr) {
        checks.push({
          kind: 'window',
          limiter: limiters.filingEnterprise,
          id: p.hr.uscc,
          message: (t) => `本单位提交的申请已达上限（${perEnterprise.requests}件/${formatRetryAfter(perEnterprise.windowSeconds)}），请在 ${t}后重试，或到政务服务窗口办理`,
        });
      }
      // the key's marker goes in the same round trip: set → a new key, counted; already there → a retry
      const { results, extra: fresh } = await runChecks(checks, () => redis.set(marker, '1', { nx: true, ex: FILING_KEY_TTL_SECONDS }));
      if (fresh === null) {
        // a retry of the same key (answered, in flight or failed earlier): counted once already, never refused
        await giveBack(results);
        return;
      }
      if (results.every((r) => r.ok)) return;
      // refused: nothing counted, and the key may come back later as a new filing
      await Promise.all([giveBack(results), redis.del(marker)]);
      throw refusal(results);
    },

    async cardQr(p) {
      await enforce([{ kind: 'window', limiter: limiters.cardQrUser, id: p.sub, message: (t) => `二维码刷新过于频繁，请在 ${t}后重试` }]);
    },
  };
}
