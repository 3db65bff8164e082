/**
 * Simulators of the three shared-data sources behind the one form's
 * auto-fill: 市监 (enterprise registration), 公安 (identity verification and
 * hukou), 人社部 (education). Built on `../framework.ts`; data from
 * `../dataset`. Interface contracts: the header comment of each file and
 * `functions/shared-data/README.md`.
 */
import type { TSimulator } from '../framework';
import type { TSharedDataSimulatorOptions } from './common';
import { createMarketRegulationSimulator, MARKET_SIM_PREFIX } from './market';
import { createEducationSimulator, MOHRSS_SIM_PREFIX } from './mohrss';
import { createPublicSecuritySimulator, POLICE_SIM_PREFIX } from './police';

export { beijingTimestamp, SHARED_DATA_CODES, type TSharedDataSimulatorOptions } from './common';
export { createMarketRegulationSimulator, enterpriseDto, MARKET_SIM_PREFIX, type TMarketSimulatorOptions } from './market';
export { createPublicSecuritySimulator, personDto, POLICE_SIM_PREFIX, sameName, type TPoliceSimulatorOptions } from './police';
export { createEducationSimulator, MOHRSS_SIM_PREFIX, type TEducationSimulatorOptions } from './mohrss';

export interface TSharedDataSimulators {
  market: TSimulator;
  police: TSimulator;
  mohrss: TSimulator;
}

/**
 * The three simulators at their default prefixes (or under `basePrefix`,
 * e.g. `/sim` → `/sim/market`, `/sim/police`, `/sim/mohrss`).
 */
export function createSharedDataSimulators(
  options: Omit<TSharedDataSimulatorOptions, 'prefix' | 'seed'> & { basePrefix?: string } = {},
): TSharedDataSimulators {
  const { basePrefix, ...rest } = options;
  const under = (defaultPrefix: string) => (basePrefix ? basePrefix.replace(/\/$/, '') + defaultPrefix.slice('/sim'.length) : defaultPrefix);
  return {
    market: createMarketRegulationSimulator({ ...rest, prefix: under(MARKET_SIM_PREFIX) }),
    police: createPublicSecuritySimulator({ ...rest, prefix: under(POLICE_SIM_PREFIX) }),
    mohrss: createEducationSimulator({ ...rest, prefix: under(MOHRSS_SIM_PREFIX) }),
  };
}
