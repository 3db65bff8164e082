/**
 * 公安 (public security) data-sharing simulator: verify a person's document
 * number and name, and only then disclose the identity fields the form needs
 * (核验后共享). A wrong name, an unknown number and a number of another
 * document type all get the same neutral answer, with no data, so a caller
 * cannot learn which part was wrong or whether the number exists.
 *
 *   POST <prefix>/persons/verify   { idType: '01', idNumber, name }
 *     200 { code: '0000', message: '成功', requestId, timestamp, data: {
 *           verifyResult: '一致', sex, sexName, birthDate (YYYYMMDD),
 *           ethnicGroup | null, ethnicGroupName | null,
 *           hukouNature, hukouNatureName, hukouAddress | null, nationality | null } }
 *     200 { code: '1001', message: '身份信息核验不一致', requestId, timestamp }
 *     400 { code: '4000', … } when a parameter is missing
 *
 * `idType` is the two-digit 证件类型 code (01 居民身份证, 04/05 港澳通行证,
 * 07 永居证, 17 港澳台居民居住证 …); codes are GB/T 2261.1 (sex), GB/T 3304
 * (ethnic group) and the 户口性质 business code.
 */
import { z } from 'zod';
import { codeName, ETHNIC_GROUPS, HUKOU_NATURES, normalizeDocumentNumber, SEXES } from '../../../domain';
import { PEOPLE } from '../dataset';
import type { TSimPerson } from '../dataset';
import { createSimulator, type TSimulator } from '../framework';
import { defaultSwitches, reply, SHARED_DATA_CODES, toCompactDate, type TSharedDataSimulatorOptions } from './common';

export const POLICE_SIM_PREFIX = '/sim/police';

export interface TPoliceSimulatorOptions extends TSharedDataSimulatorOptions {
  /** Records to serve instead of the synthetic dataset. */
  people?: readonly TSimPerson[];
}

const ZVerifyRequest = z.object({
  idType: z.string().regex(/^\d{2}$/),
  idNumber: z.string().min(1).max(32),
  name: z.string().trim().min(1).max(60),
});

/** Names compare without surrounding or repeated spaces; Latin letters without case. */
export function sameName(a: string, b: string): boolean {
  const norm = (s: string) => s.normalize('NFKC').trim().replace(/\s+/g, ' ').replace(/[•・]/g, '·').toUpperCase();
  return norm(a) === norm(b);
}

/** The interface's view of a verified person. */
export function personDto(p: TSimPerson) {
  return {
    verifyResult: '一致',
    sex: p.sex,
    sexName: codeName(SEXES, p.sex) ?? null,
    birthDate: toCompactDate(p.birthDate),
    ethnicGroup: p.ethnicGroup ?? null,
    ethnicGroupName: p.ethnicGroup ? (codeName(ETHNIC_GROUPS, p.ethnicGroup) ?? null) : null,
    hukouNature: p.hukouNature,
    hukouNatureName: codeName(HUKOU_NATURES, p.hukouNature) ?? null,
    hukouAddress: p.hukouAddress ?? null,
    nationality: p.nationality ?? null,
  };
}

export function createPublicSecuritySimulator(options: TPoliceSimulatorOptions = {}): TSimulator {
  const byNumber = new Map((options.people ?? PEOPLE).map((p) => [p.documentNumber, p]));
  return createSimulator({
    name: '公安',
    prefix: options.prefix ?? POLICE_SIM_PREFIX,
    seed: options.seed ?? 1503_02,
    switches: defaultSwitches(options, 60),
    routes: [
      {
        method: 'POST',
        pattern: '/persons/verify',
        handler: (req) => {
          const parsed = ZVerifyRequest.safeParse(req.body);
          if (!parsed.success) {
            return reply(req, { code: SHARED_DATA_CODES.badRequest.code, message: '请求参数不完整：需要 idType、idNumber、name' }, { status: 400 });
          }
          const { idType, idNumber, name } = parsed.data;
          const person = byNumber.get(normalizeDocumentNumber(idNumber));
          if (!person || person.documentType !== idType || !sameName(person.name, name)) {
            return reply(req, SHARED_DATA_CODES.identityMismatch);
          }
          return reply(req, SHARED_DATA_CODES.ok, { data: personDto(person) });
        },
      },
    ],
  });
}
