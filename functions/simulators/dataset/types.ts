/**
 * Shapes of the synthetic records the shared-data simulators serve. Codes
 * are the domain's code tables (`domain/codes/`), dates are ISO `YYYY-MM-DD`;
 * the simulators turn them into their interface formats.
 */

/** 登记状态 as 市监 reports it. */
export type TEnterpriseStatus = '存续' | '注销';

/** An enterprise as 市监 (market regulation) holds it. */
export interface TSimEnterprise {
  /** 统一社会信用代码, GB 32100 valid; characters 3–8 are the district. */
  readonly uscc: string;
  /** 单位名称. */
  readonly name: string;
  /** 企业地址 (住所). */
  readonly address: string;
  /** 法定代表人姓名. */
  readonly legalRepresentative: string;
  /** 联系人姓名 (not every enterprise has filed one). */
  readonly contactName?: string;
  /** 联系人电话. */
  readonly contactPhone?: string;
  /** 产业类别, INDUSTRIAL_SECTORS code, consistent with `industryCode`. */
  readonly industrialSector: '1' | '2' | '3';
  /** 行政区划, county-level GB/T 2260 code. */
  readonly divisionCode: string;
  /** 所属行业, GB/T 4754-2017 division (2 digits). */
  readonly industryCode: string;
  /** 登记状态. */
  readonly status: TEnterpriseStatus;
  /** 成立日期. */
  readonly establishedDate: string;
  /** 登记机关. */
  readonly registrationAuthority: string;
}

/** One education record as the 人社部 interface holds it. */
export interface TSimEducationRecord {
  /** 学历, GB/T 4658-2006 code (EDUCATION_LEVELS). */
  readonly education: string;
  /** 毕业院校. */
  readonly graduateSchool: string;
  /** 专业. */
  readonly major?: string;
  /** 毕业时间. */
  readonly graduationDate: string;
}

/** A person as 公安 (and, for education, 人社部) hold them. */
export interface TSimPerson {
  /** 证件类型, IDENTITY_DOCUMENT_TYPES code ('01' 居民身份证 …). */
  readonly documentType: string;
  /** 证件号码, valid for its type. */
  readonly documentNumber: string;
  readonly name: string;
  /** 性别, GB/T 2261.1 ('1' 男, '2' 女); agrees with the number where it carries one. */
  readonly sex: '1' | '2';
  /** 出生日期; agrees with the number where it carries one. */
  readonly birthDate: string;
  /** 国籍 (GB/T 2659 numeric), for holders of foreign documents. */
  readonly nationality?: string;
  /** 民族, GB/T 3304 code; absent for foreigners. */
  readonly ethnicGroup?: string;
  /** 户籍性质 / 户口性质, HUKOU_NATURES code. */
  readonly hukouNature: string;
  /** 户籍地址; absent for people without a mainland hukou. */
  readonly hukouAddress?: string;
  /** 学历 records (most people have one, some several, some none). */
  readonly educationRecords: readonly TSimEducationRecord[];
  /** Already insured by another employer: a department will ask for a correction. */
  readonly insuredElsewhere: boolean;
  /** USCC of the employer that insures them, when `insuredElsewhere`. */
  readonly insuredByUscc?: string;
}
