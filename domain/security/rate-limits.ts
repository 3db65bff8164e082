/**
 * Rate limits: how often a caller may log in, look people or enterprises up,
 * file a hire and get an e-card QR code. These are OUR OWN operational
 * policy (乌海市人社局 "入职一件事" service), not figures from a law or a
 * platform rule; each row says why it has the value it has. A deployment
 * overrides any of them with one variable, `RATE_LIMITS` (JSON, validated by
 * `ZRateLimitsOverrideSchema` in functions/env.ts), e.g.
 *
 *   RATE_LIMITS='{"autofillPerson":{"distinctPersonsPerEnterprisePerDay":{"persons":300}}}'
 *
 * Request counts are sliding windows (functions/ratelimit, @upstash/ratelimit);
 * the distinct-person caps count DIFFERENT people per enterprise (or clerk)
 * per calendar day in China (UTC+8): looking the same person up again is free.
 */
import { z } from 'zod';

export interface TWindowLimit {
  /** Requests allowed in any window of `windowSeconds`. */
  requests: number;
  windowSeconds: number;
  /** Why this value (one line). */
  reason: string;
}

export interface TDistinctDailyCap {
  /** Different people per calendar day (UTC+8). */
  persons: number;
  reason: string;
}

export interface TRateLimitPolicy {
  /** `POST /api/auth/login` (WeChat). */
  login: { perIp: TWindowLimit };
  /** `POST /api/auth/clerk-login`: failed attempts only (a successful login gives its attempt back). */
  clerkLogin: { perIp: TWindowLimit; perUsername: TWindowLimit };
  /** `GET /api/autofill/person` (公安 + 人社部 data of a person). */
  autofillPerson: {
    perUser: TWindowLimit;
    perEnterprise: TWindowLimit;
    distinctPersonsPerEnterprisePerDay: TDistinctDailyCap;
    distinctPersonsPerClerkPerDay: TDistinctDailyCap;
  };
  /** `GET /api/autofill/enterprise` (市监 registration data). */
  autofillEnterprise: { perUser: TWindowLimit };
  /** `POST /api/applications`: new Idempotency-Keys only (a retry of the same key is never counted). */
  filing: { perUser: TWindowLimit; perEnterprise: TWindowLimit };
  /** `GET /api/me/card/qr`. */
  cardQr: { perUser: TWindowLimit };
}

export const RATE_LIMIT_SOURCE = '本系统运行策略（乌海市“入职一件事”自定，非法规或平台规定），可由部署方通过 RATE_LIMITS 调整';

export const RATE_LIMITS: TRateLimitPolicy = {
  login: {
    perIp: {
      requests: 60,
      windowSeconds: 60,
      reason:
        'A WeChat login code is single-use (~5 min) and made on the user’s phone, so only a flood of junk codes from one address needs stopping: it would spend the appid’s code2Session quota (45011, ../shared/spec/facts.md). 60/min leaves room for a company NAT or a carrier-grade NAT.',
    },
  },
  clerkLogin: {
    perIp: {
      requests: 30,
      windowSeconds: 15 * 60,
      reason: 'Failed staff logins from one address: a service hall shares one address, so more than the per-account limit; still slows password guessing across accounts to 2 per minute.',
    },
    perUsername: {
      requests: 5,
      windowSeconds: 15 * 60,
      reason: '等保 2.0 (GB/T 22239-2019) asks for 登录失败处理 (limit failed logins); 5 failures, then wait out the 15-minute window, is the usual setting.',
    },
  },
  autofillPerson: {
    perUser: {
      requests: 20,
      windowSeconds: 60,
      reason: 'One hire needs one lookup, a few more after a typo in the name; 20/min never slows a person typing.',
    },
    perEnterprise: {
      requests: 60,
      windowSeconds: 60,
      reason: 'All HR contacts of one enterprise together: three people filing at full speed; stops a script spread over several bound accounts.',
    },
    distinctPersonsPerEnterprisePerDay: {
      persons: 200,
      reason: 'What actually stops harvesting: an enterprise hires far fewer than 200 new people a day online; a mass hire beyond that is done at the window.',
    },
    distinctPersonsPerClerkPerDay: {
      persons: 500,
      reason: 'A window clerk serves walk-ins of many enterprises; 500 different people a day is several times a counter’s real workload.',
    },
  },
  autofillEnterprise: {
    perUser: {
      requests: 30,
      windowSeconds: 60,
      reason: 'The wizard asks once per hire (the answer is cached an hour); 30/min for a clerk switching between enterprises.',
    },
  },
  filing: {
    perUser: {
      requests: 60,
      windowSeconds: 3600,
      reason: 'Filing one hire takes minutes of typing; 60 an hour is more than a person can fill in, while a script filing junk is stopped.',
    },
    perEnterprise: {
      requests: 500,
      windowSeconds: 86_400,
      reason: 'All HR contacts of one enterprise in 24 hours; a larger mass hire is arranged with the window (window filings are not counted here).',
    },
  },
  cardQr: {
    perUser: {
      requests: 10,
      windowSeconds: 60,
      reason: 'The card page refreshes its 60-second code every 50 s; 10/min allows manual refreshes, not a loop minting tokens.',
    },
  },
};

const ZCount = z.number({ error: '应为整数' }).int({ error: '应为整数' }).min(1, { error: '至少为 1' }).max(1_000_000_000, { error: '不能超过 1000000000' });
const ZWindowSeconds = z.number({ error: '应为整数' }).int({ error: '应为整数（秒）' }).min(1, { error: '至少 1 秒' }).max(7 * 86_400, { error: '不能超过 604800 秒（7 天）' });
const ZWindowOverride = z.strictObject({ requests: ZCount.optional(), windowSeconds: ZWindowSeconds.optional() });
const ZCapOverride = z.strictObject({ persons: ZCount.optional() });

/** What `RATE_LIMITS` may set: any subset of the numbers (never the reasons). */
export const ZRateLimitsOverrideSchema = z.strictObject({
  login: z.strictObject({ perIp: ZWindowOverride.optional() }).optional(),
  clerkLogin: z.strictObject({ perIp: ZWindowOverride.optional(), perUsername: ZWindowOverride.optional() }).optional(),
  autofillPerson: z
    .strictObject({
      perUser: ZWindowOverride.optional(),
      perEnterprise: ZWindowOverride.optional(),
      distinctPersonsPerEnterprisePerDay: ZCapOverride.optional(),
      distinctPersonsPerClerkPerDay: ZCapOverride.optional(),
    })
    .optional(),
  autofillEnterprise: z.strictObject({ perUser: ZWindowOverride.optional() }).optional(),
  filing: z.strictObject({ perUser: ZWindowOverride.optional(), perEnterprise: ZWindowOverride.optional() }).optional(),
  cardQr: z.strictObject({ perUser: ZWindowOverride.optional() }).optional(),
});
export type TRateLimitsOverride = z.infer<typeof ZRateLimitsOverrideSchema>;

/** The policy with a deployment's overrides applied (reasons kept; an overridden row says so). */
export function withRateLimitOverrides(override: TRateLimitsOverride, base: TRateLimitPolicy = RATE_LIMITS): TRateLimitPolicy {
  const out = JSON.parse(JSON.stringify(base)) as Record<string, Record<string, Record<string, unknown>>>;
  for (const [group, rows] of Object.entries(override)) {
    for (const [name, values] of Object.entries(rows ?? {})) {
      const set = Object.fromEntries(Object.entries(values ?? {}).filter(([, v]) => v !== undefined));
      if (Object.keys(set).length === 0) continue;
      const row = out[group]![name]!;
      Object.assign(row, set, { reason: `${String(row.reason)} (overridden by RATE_LIMITS)` });
    }
  }
  return out as unknown as TRateLimitPolicy;
}

/**
 * Parses the text of `RATE_LIMITS`: `{ ok: policy }`, or `{ problems }` each naming the bad key
 * (`autofillPerson.perUser.requests: 应为整数`).
 */
export function parseRateLimitsOverride(text: string): { ok: TRateLimitPolicy } | { problems: string[] } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { problems: ['应为 JSON 对象，如 {"autofillPerson":{"perUser":{"requests":20,"windowSeconds":60}}}'] };
  }
  const result = ZRateLimitsOverrideSchema.safeParse(json);
  if (result.success) return { ok: withRateLimitOverrides(result.data) };
  return {
    problems: result.error.issues.flatMap((i) => {
      const at = i.path.map(String).join('.');
      if (i.code === 'unrecognized_keys') return i.keys.map((k) => `${at ? `${at}.` : ''}${k}: 未知的键`);
      return [`${at || '(根)'}: ${i.code === 'invalid_type' && i.path.length <= 2 ? '应为对象' : i.message}`];
    }),
  };
}

/** "38 秒", "15 分钟", "3 小时" — for messages that say when to retry. */
export function formatRetryAfter(seconds: number): string {
  const s = Math.max(1, Math.ceil(seconds));
  if (s < 120) return `${s} 秒`;
  if (s < 2 * 3600) return `${Math.ceil(s / 60)} 分钟`;
  return `${Math.ceil(s / 3600)} 小时`;
}
