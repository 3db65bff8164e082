import { formatRetryAfter, parseRateLimitsOverride, RATE_LIMITS, withRateLimitOverrides, type TRateLimitPolicy } from '../index';

const rows = (policy: TRateLimitPolicy) => Object.entries(policy).flatMap(([group, g]) => Object.entries(g as Record<string, Record<string, unknown>>).map(([name, row]) => [`${group}.${name}`, row] as const));

describe('rate-limit policy', () => {
  it('every limit has positive whole numbers and a reason', () => {
    for (const [name, row] of rows(RATE_LIMITS)) {
      expect(typeof row.reason === 'string' && (row.reason as string).length > 20).toBe(true);
      for (const k of ['requests', 'windowSeconds', 'persons'].filter((k) => k in row)) {
        expect([name, Number.isInteger(row[k]) && (row[k] as number) > 0]).toEqual([name, true]);
      }
    }
  });

  it('overrides change only the numbers given, and say so in the reason; the policy itself is untouched', () => {
    const next = withRateLimitOverrides({ filing: { perEnterprise: { requests: 1000 } } });
    expect(next.filing.perEnterprise).toMatchObject({ requests: 1000, windowSeconds: RATE_LIMITS.filing.perEnterprise.windowSeconds });
    expect(next.filing.perEnterprise.reason).toMatch(/overridden by RATE_LIMITS/);
    expect(next.filing.perUser).toEqual(RATE_LIMITS.filing.perUser);
    expect(RATE_LIMITS.filing.perEnterprise.requests).toBe(500);
  });

  it('parses the variable’s JSON, naming each bad key', () => {
    expect(parseRateLimitsOverride('{}')).toEqual({ ok: RATE_LIMITS });
    expect(parseRateLimitsOverride('{"cardQr":{"perUser":{"requests":1.5}},"extra":{}}')).toEqual({ problems: ['cardQr.perUser.requests: 应为整数', 'extra: 未知的键'] });
    expect(parseRateLimitsOverride('{"autofillPerson":{"distinctPersonsPerClerkPerDay":{"persons":-1}}}')).toEqual({
      problems: ['autofillPerson.distinctPersonsPerClerkPerDay.persons: 至少为 1'],
    });
    expect(parseRateLimitsOverride('{"login":{"perIp":{"windowSeconds":999999}}}')).toEqual({ problems: ['login.perIp.windowSeconds: 不能超过 604800 秒（7 天）'] });
  });

  it.each([
    [0.2, '1 秒'],
    [38, '38 秒'],
    [119, '119 秒'],
    [120, '2 分钟'],
    [600, '10 分钟'],
    [7199, '120 分钟'],
    [7200, '2 小时'],
    [86_400, '24 小时'],
  ])('%s s is said as %s', (s, text) => {
    expect(formatRetryAfter(s)).toBe(text);
  });
});
