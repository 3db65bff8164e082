/**
 * Simulator of the government e-licence library (电子证照库), default prefix
 * `/sim/licence-library`. The HR bureau pushes electronic licences here
 * (就业创业证, 社会保障卡).
 *
 *   POST /licences   { licenceType, licenceTypeName, licenceNo, holder: { name, idType, idNumber },
 *                      issuer: { name, code }, issuedAt, validUntil, sourceSystem, sourceRef }
 *                    → { code: '0000', data: { licenceId, createdAt } }            stored
 *                    → { code: 'LICENCE_EXISTS', message: '证照已存在', data: { licenceId, createdAt } }
 *                      the same (licenceType, licenceNo) again with the same holder: nothing new
 *                    → { code: 'LICENCE_CONFLICT' }   the same number with another holder
 *                    → { code: 'INVALID_PARAMS', errors } a malformed licence
 *   GET  /licences/:licenceType/:licenceNo   → the stored licence (holder's ID number masked)
 *   GET  /_dev/licences                      (development; exempt from the switches) every
 *                                            stored licence (masked) and the push counters
 *
 * Failure switches: `GET|POST /_control` { down, failureRate, latencyMs, jitterMs }
 * (the framework's). The real library's API was not available to us; the
 * envelope follows the department simulators' and the licence fields follow
 * what a licence record needs (type, number, holder, issuer, issue date, validity).
 */
import { z } from 'zod';
import { maskIdNumber, maskName } from '../../../domain';
import { ok, parseBody, refuse } from '../departments/common';
import { createSimulator, type TSimRequest, type TSimSwitches, type TSimulator } from '../framework';

export interface TLicenceLibrarySimulatorOptions {
  prefix?: string;
  now?: () => number;
  switches?: Partial<TSimSwitches>;
  seed?: number;
}

export interface TStoredLicence {
  licenceId: string;
  licenceType: string;
  licenceTypeName: string;
  licenceNo: string;
  holder: { name: string; idType: string; idNumber: string };
  issuer: { name: string; code: string };
  issuedAt: string;
  validUntil: string | null;
  sourceRef: string;
  createdAt: string;
}

export interface TLicenceLibrarySimulator extends TSimulator {
  /** Licences stored, and pushes answered (created, already existing, refused). */
  stats(): { licences: number; created: number; existing: number; refused: number };
  /** Stored licences (holders' names and ID numbers masked), for tests. */
  list(): TStoredLicence[];
}

const ZLicenceSchema = z.object({
  licenceType: z.enum(['JYCYZ', 'SHBZK'], { error: '证照类型应为 JYCYZ（就业创业证）或 SHBZK（社会保障卡）' }),
  licenceTypeName: z.string().min(1).max(50),
  licenceNo: z.string().regex(/^[A-Za-z0-9-]{4,40}$/, { error: '证照编号应为4–40位字母、数字或 -' }),
  holder: z.object({
    name: z.string().min(1, { error: '缺少持证人姓名' }).max(50),
    idType: z.string().min(1),
    idNumber: z.string().min(4, { error: '缺少持证人证件号码' }).max(32),
  }),
  issuer: z.object({ name: z.string().min(1), code: z.string().min(1) }),
  issuedAt: z.string().min(10),
  validUntil: z.string().nullable(),
  sourceSystem: z.string().min(1),
  sourceRef: z.string().min(1).max(64),
});

export function createLicenceLibrarySimulator(options: TLicenceLibrarySimulatorOptions = {}): TLicenceLibrarySimulator {
  const now = options.now ?? Date.now;
  const licences = new Map<string, TStoredLicence>(); // by `${licenceType}:${licenceNo}`
  const counters = { created: 0, existing: 0, refused: 0 };
  let serial = 0;

  const masked = (l: TStoredLicence) => ({ ...l, holder: { name: maskName(l.holder.name), idType: l.holder.idType, idNumber: maskIdNumber(l.holder.idNumber) } });

  function push(req: TSimRequest) {
    const parsed = parseBody(ZLicenceSchema, req.body);
    if (!parsed.ok) {
      counters.refused++;
      return parsed.response;
    }
    const b = parsed.data;
    const key = `${b.licenceType}:${b.licenceNo}`;
    const existing = licences.get(key);
    if (existing) {
      if (existing.holder.idNumber !== b.holder.idNumber || existing.holder.name !== b.holder.name) {
        counters.refused++;
        return refuse('LICENCE_CONFLICT', `证照编号 ${b.licenceNo} 已登记给其他持证人，不能重复登记`);
      }
      counters.existing++;
      return { status: 200, body: { code: 'LICENCE_EXISTS', message: '证照已存在', data: { licenceId: existing.licenceId, createdAt: existing.createdAt } } };
    }
    serial += 1;
    const record: TStoredLicence = {
      licenceId: `ZZ${b.licenceType}${String(serial).padStart(8, '0')}`,
      licenceType: b.licenceType,
      licenceTypeName: b.licenceTypeName,
      licenceNo: b.licenceNo,
      holder: b.holder,
      issuer: b.issuer,
      issuedAt: b.issuedAt,
      validUntil: b.validUntil,
      sourceRef: b.sourceRef,
      createdAt: new Date(now()).toISOString(),
    };
    licences.set(key, record);
    counters.created++;
    return ok({ licenceId: record.licenceId, createdAt: record.createdAt });
  }

  function getOne(req: TSimRequest) {
    const l = licences.get(`${req.params.licenceType}:${req.params.licenceNo}`);
    if (!l) return refuse('LICENCE_NOT_FOUND', '未查询到该证照');
    return ok(masked(l));
  }

  const base = createSimulator({
    name: '电子证照库',
    prefix: options.prefix ?? '/sim/licence-library',
    seed: options.seed,
    switches: options.switches,
    onReset: () => {
      licences.clear();
      counters.created = counters.existing = counters.refused = 0;
      serial = 0;
    },
    routes: [
      { method: 'POST', pattern: '/licences', handler: push },
      { method: 'GET', pattern: '/licences/:licenceType/:licenceNo', handler: getOne },
      {
        method: 'GET',
        pattern: '/_dev/licences',
        control: true,
        handler: () => ({ status: 200, body: { ...sim.stats(), licences: [...licences.values()].map(masked) } }),
      },
    ],
  });
  const sim: TLicenceLibrarySimulator = Object.assign(base, {
    stats: () => ({ licences: licences.size, ...counters }),
    list: () => [...licences.values()].map(masked),
  });
  return sim;
}
