/**
 * 公安 data sharing: verify a document number and name, and receive the
 * identity fields the form needs (性别, 出生日期, 民族, 户籍性质, 户籍地址),
 * mapped to `ZEmployeeSchema` keys and codes. The source discloses nothing
 * unless number and name match, and answers "no match" the same way whatever
 * was wrong.
 */
import { z } from 'zod';
import {
  codeOfAlias,
  hasCode,
  IDENTITY_DOCUMENT_TYPES,
  normalizeDocumentNumber,
  ZEmployeeSchema,
  type TDocumentKind,
  type TEmployee,
} from '../../domain';
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
import { randomUUID } from 'node:crypto';

export const IDENTITY_MISMATCH_CODE = '1001';

export interface TPersonVerifyInput {
  /** Document kind (IDENTITY_DOCUMENT_TYPES alias): `citizen_id`, `hmt_residence_permit`, … (a 2-digit code is accepted too). */
  idType: TDocumentKind | (string & {});
  idNumber: string;
  name: string;
}

/** What 公安 shares about a verified person, with the form's keys and codes. */
export type TVerifiedPerson = Pick<TEmployee, 'sex' | 'birthDate'> &
  Partial<Pick<TEmployee, 'ethnicGroup' | 'hukouNature' | 'hukouAddress' | 'nationality'>>;

const ZPersonData = z.object({
  sex: z.string(),
  birthDate: z.string(),
  ethnicGroup: ZOptionalText,
  hukouNature: ZOptionalText,
  hukouAddress: ZOptionalText,
  nationality: ZOptionalText,
});

const shape = ZEmployeeSchema.shape;

/** The 证件类型 code of a document kind (a two-digit code passes through). */
function documentTypeCode(idType: string): string {
  return /^\d{2}$/.test(idType) && hasCode(IDENTITY_DOCUMENT_TYPES, idType) ? idType : codeOfAlias(IDENTITY_DOCUMENT_TYPES, idType);
}

export class PublicSecurityClient {
  readonly http: HttpClient;

  constructor(options: TSharedDataClientOptions) {
    this.http = createSharedDataHttpClient('公安', options);
  }

  /**
   * The person's identity fields when `idNumber` and `name` match a record of
   * that document type; null otherwise (wrong name, unknown number, other
   * document type — deliberately indistinguishable). Throws `UpstreamError`
   * when 公安 is down, slow or out of contract.
   */
  async verifyPerson(input: TPersonVerifyInput): Promise<TVerifiedPerson | null> {
    const idNumber = normalizeDocumentNumber(input.idNumber);
    const name = input.name.trim().replace(/\s+/g, ' ');
    if (!idNumber || !name) return null;
    const envelope = await requestEnvelope(
      this.http,
      {
        method: 'POST',
        path: '/persons/verify',
        body: { idType: documentTypeCode(input.idType), idNumber, name },
        // A verification changes nothing: safe to retry.
        idempotencyKey: randomUUID(),
      },
      [IDENTITY_MISMATCH_CODE],
    );
    if (envelope.code === IDENTITY_MISMATCH_CODE) return null;
    if (envelope.code !== OK_CODE) throw unexpectedCode(this.http, envelope);

    const data = ZPersonData.safeParse(envelope.data);
    if (!data.success) throw invalidData(this.http, '身份信息字段缺失');
    const d = data.data;
    const sex = validOrUndefined(shape.sex, d.sex);
    const birthDate = validOrUndefined(shape.birthDate, isoDateOf(d.birthDate));
    if (sex === undefined || birthDate === undefined) throw invalidData(this.http, '性别或出生日期');
    // Optional fields: an unknown code is dropped and chosen by hand rather than failing the whole answer.
    const ethnicGroup = validOrUndefined(shape.ethnicGroup, d.ethnicGroup);
    const hukouNature = validOrUndefined(shape.hukouNature, d.hukouNature);
    const hukouAddress = validOrUndefined(shape.hukouAddress, d.hukouAddress);
    const nationality = validOrUndefined(shape.nationality, d.nationality);
    return {
      sex,
      birthDate,
      ...(ethnicGroup !== undefined ? { ethnicGroup } : {}),
      ...(hukouNature !== undefined ? { hukouNature } : {}),
      ...(hukouAddress !== undefined ? { hukouAddress } : {}),
      ...(nationality !== undefined ? { nationality } : {}),
    };
  }
}
