/**
 * 市监 data sharing: an enterprise's registration by its 统一社会信用代码,
 * mapped to the form's 单位基本信息 fields (`ZEmployerSchema` keys and codes).
 */
import { z } from 'zod';
import { isValidUscc, normalizeDocumentNumber, ZEmployerSchema, type TEmployer } from '../../domain';
import type { HttpClient } from '../adapters/http';
import {
  createSharedDataHttpClient,
  invalidData,
  OK_CODE,
  requestEnvelope,
  unexpectedCode,
  validOrUndefined,
  ZOptionalText,
  type TSharedDataClientOptions,
} from './common';

export const ENTERPRISE_NOT_FOUND_CODE = '4040';

/** The 单位基本信息 fields 市监 fills, with the form's keys and codes. */
export type TEmployerPrefill = Pick<
  TEmployer,
  'uscc' | 'name' | 'address' | 'legalRepresentative' | 'industrialSector' | 'divisionCode' | 'industryCode'
> &
  Partial<Pick<TEmployer, 'contactName' | 'contactPhone'>>;

/** 登记状态 texts of an enterprise that exists and may hire (市监 writes 存续; older data 在业/开业). */
export const ACTIVE_REGISTRATION_STATUSES: readonly string[] = ['存续', '在业', '开业'];

/** Whether an enterprise with this 登记状态 can hire (not 注销, 吊销, 迁出 …). */
export function isActiveRegistration(status: string): boolean {
  return ACTIVE_REGISTRATION_STATUSES.includes(status);
}

export interface TEnterpriseLookup extends TEmployerPrefill {
  /** 登记状态 as 市监 wrote it: 存续, 注销, 吊销 … — check with `isActiveRegistration`. */
  status: string;
}

const ZEnterpriseData = z.object({
  uscc: z.string(),
  enterpriseName: z.string(),
  address: z.string(),
  legalRepresentative: z.string(),
  contactName: ZOptionalText,
  contactPhone: ZOptionalText,
  industrialSectorCode: z.string(),
  divisionCode: z.string(),
  industryCode: z.string(),
  registrationStatus: z.string().trim().min(1),
});

const ZRequiredFields = ZEmployerSchema.pick({
  uscc: true,
  name: true,
  address: true,
  legalRepresentative: true,
  industrialSector: true,
  divisionCode: true,
  industryCode: true,
});

export class MarketRegulationClient {
  readonly http: HttpClient;

  constructor(options: TSharedDataClientOptions) {
    this.http = createSharedDataHttpClient('市监', options);
  }

  /**
   * The enterprise registered under `uscc`, or null when 市监 has no such
   * registration (or the code cannot be one). Throws `UpstreamError` when
   * 市监 is down, slow or answers out of contract: fall back to hand entry.
   */
  async lookupEnterprise(uscc: string): Promise<TEnterpriseLookup | null> {
    const code = normalizeDocumentNumber(uscc);
    if (!isValidUscc(code)) return null;
    const envelope = await requestEnvelope(this.http, { path: `/enterprises/${encodeURIComponent(code)}` }, [ENTERPRISE_NOT_FOUND_CODE]);
    if (envelope.code === ENTERPRISE_NOT_FOUND_CODE) return null;
    if (envelope.code !== OK_CODE) throw unexpectedCode(this.http, envelope);

    const data = ZEnterpriseData.safeParse(envelope.data);
    if (!data.success) throw invalidData(this.http, '企业登记信息字段缺失');
    const d = data.data;
    if (normalizeDocumentNumber(d.uscc) !== code) throw invalidData(this.http, '返回的统一社会信用代码与查询的不一致');
    const fields = ZRequiredFields.safeParse({
      uscc: d.uscc,
      name: d.enterpriseName,
      address: d.address,
      legalRepresentative: d.legalRepresentative,
      industrialSector: d.industrialSectorCode,
      divisionCode: d.divisionCode,
      industryCode: d.industryCode,
    });
    if (!fields.success) throw invalidData(this.http, fields.error.issues.map((i) => i.path.join('.')).join('、'));
    // The contact is optional on 市监's side: a malformed one is dropped and typed by hand.
    const contactName = validOrUndefined(ZEmployerSchema.shape.contactName, d.contactName);
    const contactPhone = validOrUndefined(ZEmployerSchema.shape.contactPhone, d.contactPhone);
    return {
      ...fields.data,
      ...(contactName !== undefined ? { contactName } : {}),
      ...(contactPhone !== undefined ? { contactPhone } : {}),
      status: d.registrationStatus,
    };
  }
}
