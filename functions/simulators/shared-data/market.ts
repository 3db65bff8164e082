/**
 * 市监 (market regulation) data-sharing simulator: an enterprise's
 * registration by its 统一社会信用代码.
 *
 *   GET <prefix>/enterprises/:uscc
 *     200 { code: '0000', message: '成功', requestId, timestamp, data: {
 *           uscc, enterpriseName, address, legalRepresentative,
 *           contactName | null, contactPhone | null,
 *           industrialSectorCode, industrialSectorName,
 *           divisionCode, divisionName, industryCode, industryName,
 *           registrationStatus ('存续' | '注销'), establishedDate (YYYYMMDD),
 *           registrationAuthority } }
 *     404 { code: '4040', message: '未查询到该统一社会信用代码的登记信息', … }
 *     400 { code: '4000', … } when the code is not 18 characters of the GB 32100 set
 */
import { codeName, findDivision, INDUSTRIAL_SECTORS, INDUSTRY, normalizeDocumentNumber } from '../../../domain';
import { ENTERPRISES } from '../dataset';
import type { TSimEnterprise } from '../dataset';
import { createSimulator, type TSimulator } from '../framework';
import { defaultSwitches, reply, SHARED_DATA_CODES, toCompactDate, type TSharedDataSimulatorOptions } from './common';

export const MARKET_SIM_PREFIX = '/sim/market';

export interface TMarketSimulatorOptions extends TSharedDataSimulatorOptions {
  /** Records to serve instead of the synthetic dataset. */
  enterprises?: readonly TSimEnterprise[];
}

/** The interface's view of one enterprise. */
export function enterpriseDto(e: TSimEnterprise) {
  return {
    uscc: e.uscc,
    enterpriseName: e.name,
    address: e.address,
    legalRepresentative: e.legalRepresentative,
    contactName: e.contactName ?? null,
    contactPhone: e.contactPhone ?? null,
    industrialSectorCode: e.industrialSector,
    industrialSectorName: codeName(INDUSTRIAL_SECTORS, e.industrialSector) ?? null,
    divisionCode: e.divisionCode,
    divisionName: findDivision(e.divisionCode)?.fullName ?? null,
    industryCode: e.industryCode,
    industryName: codeName(INDUSTRY, e.industryCode) ?? null,
    registrationStatus: e.status,
    establishedDate: toCompactDate(e.establishedDate),
    registrationAuthority: e.registrationAuthority,
  };
}

export function createMarketRegulationSimulator(options: TMarketSimulatorOptions = {}): TSimulator {
  const byUscc = new Map((options.enterprises ?? ENTERPRISES).map((e) => [e.uscc, e]));
  return createSimulator({
    name: '市监',
    prefix: options.prefix ?? MARKET_SIM_PREFIX,
    seed: options.seed ?? 1503_01,
    switches: defaultSwitches(options, 40),
    routes: [
      {
        method: 'GET',
        pattern: '/enterprises/:uscc',
        handler: (req) => {
          const uscc = normalizeDocumentNumber(req.params.uscc ?? '');
          if (!/^[0-9A-HJ-NP-RTUWXY]{18}$/.test(uscc)) {
            return reply(req, { code: SHARED_DATA_CODES.badRequest.code, message: '统一社会信用代码格式不正确' }, { status: 400 });
          }
          const enterprise = byUscc.get(uscc);
          if (!enterprise) return reply(req, SHARED_DATA_CODES.enterpriseNotFound, { status: 404 });
          return reply(req, SHARED_DATA_CODES.ok, { data: enterpriseDto(enterprise) });
        },
      },
    ],
  });
}
