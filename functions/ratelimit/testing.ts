/**
 * For test suites and benchmarks that log in, look up and file far more often
 * than a person can (the integration harness uses it unless a suite passes its
 * own RATE_LIMITS): the value of `RATE_LIMITS` that lifts every limit to a
 * million. Production code has no "disabled" branch; this is only a number.
 */
import { RATE_LIMITS, type TRateLimitsOverride } from '../../domain';

export const GENEROUS_LIMIT = 1_000_000;

export function generousRateLimits(): string {
  const override = Object.fromEntries(
    Object.entries(RATE_LIMITS).map(([group, rows]) => [
      group,
      Object.fromEntries(Object.entries(rows as Record<string, object>).map(([name, row]) => [name, 'persons' in row ? { persons: GENEROUS_LIMIT } : { requests: GENEROUS_LIMIT }])),
    ]),
  ) as TRateLimitsOverride;
  return JSON.stringify(override);
}
