/**
 * 人社部 education interface: a person's highest education on record,
 * mapped to the form's 学历 / 毕业院校 / 专业 / 毕业时间 (`ZEmployeeSchema`
 * keys, GB/T 4658 codes).
 *
 * The interface is keyed by the document number alone, so call it only after
 * 公安 has verified number and name (核验后共享).
 */
import { z } from 'zod';
import { EDUCATION_LEVELS, isChildCode, normalizeDocumentNumber, ZEmployeeSchema } from '../../domain';
import type { HttpClient } from '../adapters/http';
import {
  createSharedDataHttpClient,
  invalidData,
  isoDateOf,
  OK_CODE,
  requestEnvelope,
  unexpectedCode,
  validOrUndefined,
  ZOptionalText,
  type TSharedDataClientOptions,
} from './common';

export const EDUCATION_NOT_FOUND_CODE = '4041';

export interface TEducationPrefill {
  /** 学历, GB/T 4658-2006 code (e.g. '21' 大学本科毕业). */
  education: string;
  /** 毕业院校. */
  graduateSchool: string;
  /** 专业 (not recorded for every level). */
  major?: string;
  /** 毕业时间, ISO date. */
  graduationDate: string;
}

const ZEducationData = z.object({
  records: z.array(
    z.object({
      educationLevel: z.string(),
      graduateSchool: ZOptionalText,
      major: ZOptionalText,
      graduationDate: z.string().nullish(),
    }),
  ),
});

const shape = ZEmployeeSchema.shape;

/** Higher education first: 博士 < 硕士 < … by code, 毕业 before 结业/肄业; 90 其他 last. */
function rank(code: string): number {
  return code === '90' ? 1_000 : Number(code);
}

/** The record the form should show: the highest level, then the latest. */
export function highestEducation(records: readonly TEducationPrefill[]): TEducationPrefill | undefined {
  return [...records].sort((a, b) => rank(a.education) - rank(b.education) || b.graduationDate.localeCompare(a.graduationDate))[0];
}

export class EducationClient {
  readonly http: HttpClient;

  constructor(options: TSharedDataClientOptions) {
    this.http = createSharedDataHttpClient('人社部', options);
  }

  /**
   * The highest education on record for `idNumber`, or null when there is
   * none (the form then asks for it by hand). Throws `UpstreamError` when the
   * interface is down, slow or out of contract.
   */
  async lookupEducation(idNumber: string): Promise<TEducationPrefill | null> {
    const number = normalizeDocumentNumber(idNumber);
    if (!number) return null;
    const envelope = await requestEnvelope(this.http, { path: '/education', query: { idNumber: number } }, [EDUCATION_NOT_FOUND_CODE]);
    if (envelope.code === EDUCATION_NOT_FOUND_CODE) return null;
    if (envelope.code !== OK_CODE) throw unexpectedCode(this.http, envelope);

    const data = ZEducationData.safeParse(envelope.data);
    if (!data.success) throw invalidData(this.http, '学历信息字段缺失');
    const records: TEducationPrefill[] = [];
    for (const r of data.data.records) {
      const education = validOrUndefined(shape.education, r.educationLevel);
      const graduateSchool = validOrUndefined(shape.graduateSchool, r.graduateSchool);
      const graduationDate = validOrUndefined(shape.graduationDate, isoDateOf(r.graduationDate));
      // A category row (20 大学本科教育) is not a 学历; a record without school or date cannot fill the form.
      if (!education || !isChildCode(EDUCATION_LEVELS, education) || !graduateSchool || !graduationDate) continue;
      const major = validOrUndefined(shape.major, r.major);
      records.push({ education, graduateSchool, ...(major !== undefined ? { major } : {}), graduationDate });
    }
    if (data.data.records.length === 0) return null;
    const best = highestEducation(records);
    if (!best) throw invalidData(this.http, '学历记录均不完整');
    return best;
  }
}
