/**
 * Clients of the three shared-data sources behind the one form's auto-fill:
 * 市监 (`MarketRegulationClient`), 公安 (`PublicSecurityClient`) and the 人社部
 * education interface (`EducationClient`). Each answers with the form's keys
 * and codes, null for "no record / not matched", and throws `UpstreamError`
 * when the source is down or slow, so the caller falls back to hand entry.
 */
import type { TEnv } from '../env';
import type { CircuitBreaker } from '../adapters/http';
import { EducationClient } from './education';
import { MarketRegulationClient } from './market-regulation';
import { PublicSecurityClient } from './public-security';

export { MAX_SHARED_DATA_TIMEOUT_MS, type TSharedDataClientOptions } from './common';
export {
  ACTIVE_REGISTRATION_STATUSES,
  ENTERPRISE_NOT_FOUND_CODE,
  isActiveRegistration,
  MarketRegulationClient,
  type TEmployerPrefill,
  type TEnterpriseLookup,
} from './market-regulation';
export { IDENTITY_MISMATCH_CODE, PublicSecurityClient, type TPersonVerifyInput, type TVerifiedPerson } from './public-security';
export { EDUCATION_NOT_FOUND_CODE, EducationClient, highestEducation, type TEducationPrefill } from './education';

export interface TSharedDataClients {
  market: MarketRegulationClient;
  police: PublicSecurityClient;
  education: EducationClient;
}

/** The three clients from the environment's base URLs and upstream timeout. */
export function createSharedDataClients(
  env: Pick<TEnv, 'MARKET_API_BASE_URL' | 'POLICE_API_BASE_URL' | 'MOHRSS_API_BASE_URL' | 'UPSTREAM_TIMEOUT_MS'>,
  options: { retries?: number; breakers?: Partial<Record<keyof TSharedDataClients, CircuitBreaker>> } = {},
): TSharedDataClients {
  const common = { timeoutMs: env.UPSTREAM_TIMEOUT_MS, retries: options.retries ?? 1 };
  const breaker = (key: keyof TSharedDataClients) => (options.breakers?.[key] ? { breaker: options.breakers[key] } : {});
  return {
    market: new MarketRegulationClient({ ...common, baseUrl: env.MARKET_API_BASE_URL, ...breaker('market') }),
    police: new PublicSecurityClient({ ...common, baseUrl: env.POLICE_API_BASE_URL, ...breaker('police') }),
    education: new EducationClient({ ...common, baseUrl: env.MOHRSS_API_BASE_URL, ...breaker('education') }),
  };
}
