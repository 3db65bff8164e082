/**
 * 人社部 education interface simulator: a person's education records by
 * document number.
 *
 *   GET <prefix>/education?idNumber=…
 *     200 { code: '0000', message: '成功', requestId, timestamp, data: {
 *           records: [{ educationLevel, educationLevelName, graduateSchool,
 *                       major | null, graduationDate (YYYYMMDD) }, …] } }
 *     404 { code: '4041', message: '未查询到学历信息', … }
 *     400 { code: '4000', … } without idNumber
 *
 * Records come oldest first; a person with a master's degree has the
 * bachelor's record too. Choosing the highest is the caller's job.
 */
import { codeName, EDUCATION_LEVELS, normalizeDocumentNumber } from '../../../domain';
import { PEOPLE } from '../dataset';
import type { TSimPerson } from '../dataset';
import { createSimulator, type TSimulator } from '../framework';
import { defaultSwitches, reply, SHARED_DATA_CODES, toCompactDate, type TSharedDataSimulatorOptions } from './common';

export const MOHRSS_SIM_PREFIX = '/sim/mohrss';

export interface TEducationSimulatorOptions extends TSharedDataSimulatorOptions {
  /** Records to serve instead of the synthetic dataset. */
  people?: readonly TSimPerson[];
}

export function createEducationSimulator(options: TEducationSimulatorOptions = {}): TSimulator {
  const byNumber = new Map((options.people ?? PEOPLE).map((p) => [p.documentNumber, p]));
  return createSimulator({
    name: '人社部',
    prefix: options.prefix ?? MOHRSS_SIM_PREFIX,
    seed: options.seed ?? 1503_03,
    switches: defaultSwitches(options, 80),
    routes: [
      {
        method: 'GET',
        pattern: '/education',
        handler: (req) => {
          const idNumber = normalizeDocumentNumber(req.query.get('idNumber') ?? '');
          if (!idNumber || idNumber.length > 32) {
            return reply(req, { code: SHARED_DATA_CODES.badRequest.code, message: '请求参数不完整：需要 idNumber' }, { status: 400 });
          }
          const records = byNumber.get(idNumber)?.educationRecords ?? [];
          if (records.length === 0) return reply(req, SHARED_DATA_CODES.educationNotFound, { status: 404 });
          return reply(req, SHARED_DATA_CODES.ok, {
            data: {
              records: [...records]
                .sort((a, b) => a.graduationDate.localeCompare(b.graduationDate))
                .map((r) => ({
                  educationLevel: r.education,
                  educationLevelName: codeName(EDUCATION_LEVELS, r.education) ?? null,
                  graduateSchool: r.graduateSchool,
                  major: r.major ?? null,
                  graduationDate: toCompactDate(r.graduationDate),
                })),
            },
          });
        },
      },
    ],
  });
}
