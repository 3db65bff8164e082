/**
 * 企业员工入职一件事申请表 (seed 附件1) as zod schemas, one per section, in the
 * seed's order. Every field carries its metadata (`field-meta.ts`); the types
 * are inferred from these schemas and nowhere else.
 *
 * Field-level checks live here (formats, code tables, a document number that
 * fits its type, sex and birth date that agree with the number). Rules that
 * weigh several sections against the law live in `precheck/check-hire.ts`.
 */
import { z } from 'zod';
import { localToday } from '../calendar/dates';
import { codeOfAlias, isChildCode } from '../codes/code-table';
import { CONTRACT_TERM_TYPES } from '../codes/contract-term-types';
import { IDENTITY_DOCUMENT_TYPES } from '../codes/document-types';
import { EDUCATION_LEVELS } from '../codes/education';
import { EMPLOYMENT_FORMS } from '../codes/employment-forms';
import { ETHNIC_GROUPS } from '../codes/ethnic-groups';
import { HUKOU_NATURES } from '../codes/hukou-nature';
import { INDUSTRIAL_SECTORS } from '../codes/industrial-sectors';
import { INDUSTRY } from '../codes/industry';
import { INSURANCE_TYPES } from '../codes/insurance-types';
import { NATIONALITIES } from '../codes/nationalities';
import { OCCUPATIONS } from '../codes/occupation';
import { SEXES } from '../codes/sex';
import { TECHNICAL_GRADES } from '../codes/technical-grades';
import { WORKING_TIME_SYSTEMS } from '../codes/working-time-systems';
import { findDivision } from '../divisions/divisions';
import { checkDocument, documentKindOf } from '../identity/document';
import { normalizeDocumentNumber } from '../identity/normalize';
import { checkUscc } from '../identity/uscc';
import type { TItemCode } from '../items/catalog';
import { field } from './field-meta';
import {
  ZAccountNo,
  ZCode,
  ZIsoDateSchema,
  ZMobileSchema,
  ZMoneyFen,
  ZPersonNameSchema,
  ZPhoneSchema,
  ZRateBpSchema,
  ZText,
} from './primitives';

const M = 'market_regulation' as const;
const P = 'public_security' as const;
const R = 'mohrss' as const;
const H = 'manual' as const;

// ── 单位基本信息 ───────────────────────────────────────────────────────────

export const ZUsccSchema = z
  .string({ error: '此项为必填项' })
  .transform(normalizeDocumentNumber)
  .superRefine((code, ctx) => {
    for (const e of checkUscc(code).errors) ctx.addIssue({ code: 'custom', message: e.message, params: { rule: e.code } });
  });

export const ZEmployerSchema = z.strictObject({
  uscc: field(ZUsccSchema, { label: '统一社会信用代码', source: M, manualEntry: false, widget: 'text', hint: '登录后默认展示' }),
  name: field(ZText(100), { label: '单位名称', source: M, manualEntry: false, widget: 'text' }),
  address: field(ZText(200), { label: '企业地址', source: M, manualEntry: false, widget: 'text' }),
  legalRepresentative: field(ZPersonNameSchema, { label: '法定代表人姓名', source: M, manualEntry: false, widget: 'text' }),
  contactName: field(ZPersonNameSchema, { label: '联系人姓名', source: M, manualEntry: true, widget: 'text' }),
  contactPhone: field(ZPhoneSchema, { label: '联系人电话', source: M, manualEntry: true, widget: 'text', keyboard: 'tel' }),
  industrialSector: field(ZCode(INDUSTRIAL_SECTORS), {
    label: '产业类别',
    source: M,
    manualEntry: false,
    widget: 'select',
    codeTable: INDUSTRIAL_SECTORS.id,
  }),
  divisionCode: field(
    z
      .string({ error: '请选择' })
      .refine((code) => findDivision(code)?.level === 'county', { error: '请选择到区县一级的行政区划' }),
    { label: '单位所在行政区划', source: M, manualEntry: false, widget: 'select', codeTable: 'divisions' },
  ),
  industryCode: field(
    ZCode(INDUSTRY).refine((code) => isChildCode(INDUSTRY, code), {
      error: '请选择行业大类（两位代码）',
    }),
    { label: '所属行业', source: M, manualEntry: false, widget: 'select', codeTable: INDUSTRY.id },
  ),
});
export type TEmployer = z.infer<typeof ZEmployerSchema>;

// ── 录用人员信息 ───────────────────────────────────────────────────────────

const employeeFields = z.strictObject({
  documentType: field(
    ZCode(IDENTITY_DOCUMENT_TYPES).refine((code) => documentKindOf(code) !== undefined, {
      error: '该证件类型不能用于办理入职登记，请选择居民身份证、居住证、通行证、永居证或护照',
    }),
    { label: '证件类型', source: H, manualEntry: true, widget: 'select', codeTable: IDENTITY_DOCUMENT_TYPES.id },
  ),
  documentNumber: field(
    z.string({ error: '此项为必填项' }).transform(normalizeDocumentNumber).pipe(z.string().min(1, { error: '此项不能为空' }).max(32, { error: '证件号码过长' })),
    { label: '证件号码', source: H, manualEntry: true, widget: 'text', keyboard: 'idcard' },
  ),
  nationality: field(ZCode(NATIONALITIES).optional(), {
    label: '国籍（地区）',
    source: H,
    manualEntry: true,
    widget: 'select',
    codeTable: NATIONALITIES.id,
    addition: '护照、永居证持有人须填写国籍；居民身份证默认中国',
  }),
  name: field(ZPersonNameSchema, { label: '员工姓名', source: P, manualEntry: true, widget: 'text' }),
  sex: field(ZCode(SEXES), { label: '性别', source: P, manualEntry: true, widget: 'select', codeTable: SEXES.id }),
  birthDate: field(ZIsoDateSchema, {
    label: '出生日期',
    source: P,
    manualEntry: true,
    widget: 'date',
    addition: '年龄、退休年龄规则需要；居民身份证等由证件号码自动带出',
  }),
  phone: field(ZMobileSchema, { label: '联系电话', source: H, manualEntry: true, widget: 'text', keyboard: 'tel' }),
  ethnicGroup: field(ZCode(ETHNIC_GROUPS).optional(), {
    label: '民族',
    source: P,
    manualEntry: true,
    widget: 'select',
    codeTable: ETHNIC_GROUPS.id,
  }),
  education: field(ZCode(EDUCATION_LEVELS), {
    label: '学历',
    source: R,
    manualEntry: true,
    widget: 'select',
    codeTable: EDUCATION_LEVELS.id,
  }),
  graduateSchool: field(ZText(100).optional(), { label: '毕业院校', source: R, manualEntry: true, widget: 'text' }),
  major: field(ZText(100).optional(), { label: '专业', source: R, manualEntry: true, widget: 'text' }),
  graduationDate: field(ZIsoDateSchema.optional(), { label: '毕业时间', source: R, manualEntry: true, widget: 'date' }),
  hukouNature: field(ZCode(HUKOU_NATURES).optional(), {
    label: '户籍性质',
    source: P,
    manualEntry: true,
    widget: 'select',
    codeTable: HUKOU_NATURES.id,
  }),
  hukouAddress: field(ZText(200).optional(), { label: '户籍地址', source: P, manualEntry: true, widget: 'text' }),
  residentialAddress: field(ZText(200), { label: '常住地址', source: H, manualEntry: true, widget: 'text' }),
});

/** The identity document agrees with itself and with the person's fields. */
export const ZEmployeeSchema = employeeFields.superRefine((e, ctx) => {
  const kind = documentKindOf(e.documentType);
  if (!kind) return; // documentType's own issue says why
  const check = checkDocument(kind, e.documentNumber, e.nationality, localToday());
  for (const err of check.errors) {
    ctx.addIssue({ code: 'custom', path: ['documentNumber'], message: err.message, params: { rule: err.code } });
  }
  if (!check.valid) return;
  if (check.sex && e.sex !== (check.sex === 'male' ? '1' : '2')) {
    ctx.addIssue({ code: 'custom', path: ['sex'], message: '性别与证件号码不一致', params: { rule: 'sex_mismatch' } });
  }
  if (check.birthDate && e.birthDate !== check.birthDate) {
    ctx.addIssue({
      code: 'custom',
      path: ['birthDate'],
      message: `出生日期与证件号码不一致（证件号码为${check.birthDate}）`,
      params: { rule: 'birth_date_mismatch' },
    });
  }
  if ((kind === 'passport' || kind === 'foreign_permanent_residence') && !e.nationality) {
    ctx.addIssue({ code: 'custom', path: ['nationality'], message: '持外国证件的人员须填写国籍', params: { rule: 'nationality_required' } });
  }
  if (check.nationality && e.nationality && kind === 'foreign_permanent_residence' && /^\d{3}$/.test(check.nationality) && e.nationality !== check.nationality) {
    ctx.addIssue({ code: 'custom', path: ['nationality'], message: '国籍与永居证号码中的国籍代码不一致', params: { rule: 'nationality_mismatch' } });
  }
  if (kind === 'citizen_id') {
    if (!e.ethnicGroup) ctx.addIssue({ code: 'custom', path: ['ethnicGroup'], message: '请选择民族', params: { rule: 'required' } });
    if (!e.hukouNature) ctx.addIssue({ code: 'custom', path: ['hukouNature'], message: '请选择户籍性质', params: { rule: 'required' } });
    if (!e.hukouAddress) ctx.addIssue({ code: 'custom', path: ['hukouAddress'], message: '请填写户籍地址', params: { rule: 'required' } });
  }
  if (e.graduationDate && e.graduationDate <= e.birthDate) {
    ctx.addIssue({ code: 'custom', path: ['graduationDate'], message: '毕业时间应晚于出生日期', params: { rule: 'order' } });
  }
});
export type TEmployee = z.infer<typeof ZEmployeeSchema>;

// ── 就业登记信息 ───────────────────────────────────────────────────────────

export const ZEmploymentRegistrationSchema = z.strictObject({
  employerEmploymentNo: field(ZAccountNo('就业单位编号'), {
    label: '就业单位编号',
    source: H,
    manualEntry: true,
    widget: 'text',
    employerLevel: true,
  }),
  firstEmploymentDate: field(ZIsoDateSchema, { label: '首次就业时间', source: H, manualEntry: true, widget: 'date' }),
  occupationCode: field(
    ZCode(OCCUPATIONS).refine((code) => isChildCode(OCCUPATIONS, code), {
      error: '请选择到职业中类',
    }),
    { label: '职业（工种）', source: H, manualEntry: true, widget: 'select', codeTable: OCCUPATIONS.id },
  ),
});
export type TEmploymentRegistration = z.infer<typeof ZEmploymentRegistrationSchema>;

// ── 社保/医保参保信息 ──────────────────────────────────────────────────────

/** The four insurances the form offers (生育 is enrolled with 医疗, 国办发〔2019〕10号). */
export const FORM_INSURANCE_ALIASES = ['pension', 'medical', 'unemployment', 'work_injury'] as const;
const formInsuranceCodes: readonly string[] = FORM_INSURANCE_ALIASES.map((alias) => codeOfAlias(INSURANCE_TYPES, alias));

export const ZInsuranceSchema = z.strictObject({
  employerSocialInsuranceNo: field(ZAccountNo('社保单位编号'), {
    label: '社保单位编号',
    source: H,
    manualEntry: true,
    widget: 'text',
    employerLevel: true,
    items: ['pension_insurance', 'social_security_card'],
  }),
  employerMedicalInsuranceNo: field(ZAccountNo('医保单位编号'), {
    label: '医保单位编号',
    source: H,
    manualEntry: true,
    widget: 'text',
    employerLevel: true,
    items: ['medical_insurance'],
  }),
  insuranceTypes: field(
    z
      .array(z.string().refine((c) => formInsuranceCodes.includes(c), { error: '请从可选险种中选择' }), { error: '请选择险种' })
      .min(1, { error: '至少选择一个险种' })
      .max(formInsuranceCodes.length)
      .refine((codes) => new Set(codes).size === codes.length, { error: '险种不能重复' }),
    { label: '险种类型', source: H, manualEntry: true, widget: 'checkbox', codeTable: INSURANCE_TYPES.id },
  ),
  monthlyContributionWageFen: field(ZMoneyFen(1_000_000), {
    label: '月缴费工资（元/月）',
    source: H,
    manualEntry: true,
    widget: 'text',
    keyboard: 'digit',
    unit: 'fen_per_month',
  }),
  insuranceStartDate: field(ZIsoDateSchema, { label: '本次参保日期', source: H, manualEntry: true, widget: 'date' }),
});
export type TInsurance = z.infer<typeof ZInsuranceSchema>;

// ── 劳动用工备案 ───────────────────────────────────────────────────────────

const annual = (label: string) =>
  field(ZMoneyFen(100_000_000), { label, source: H, manualEntry: true, widget: 'text', keyboard: 'digit', unit: 'fen_per_year' });

export const ZLaborFilingSchema = z
  .strictObject({
    post: field(ZText(50), { label: '岗位工作', source: H, manualEntry: true, widget: 'select', hint: '从本单位岗位列表中选择' }),
    employmentForm: field(ZCode(EMPLOYMENT_FORMS), {
      label: '用工形式',
      source: H,
      manualEntry: true,
      widget: 'select',
      codeTable: EMPLOYMENT_FORMS.id,
    }),
    contractTermType: field(ZCode(CONTRACT_TERM_TYPES), {
      label: '合同期限类型',
      source: H,
      manualEntry: true,
      widget: 'select',
      codeTable: CONTRACT_TERM_TYPES.id,
    }),
    contractStartDate: field(ZIsoDateSchema, { label: '合同起始日期', source: H, manualEntry: true, widget: 'date' }),
    contractEndDate: field(ZIsoDateSchema.optional(), {
      label: '合同终止日期',
      source: H,
      manualEntry: true,
      widget: 'date',
      addition: '“合同起始日期”的终止日，固定期限合同必填（劳动合同第一条）',
    }),
    probationEndDate: field(ZIsoDateSchema.optional(), {
      label: '试用期截止日期',
      source: H,
      manualEntry: true,
      widget: 'date',
      addition: '劳动合同第一条的试用期；不约定试用期则不填',
    }),
    probationMonthlyWageFen: field(ZMoneyFen(1_000_000).optional(), {
      label: '试用期月工资（元/月）',
      source: H,
      manualEntry: true,
      widget: 'text',
      keyboard: 'digit',
      unit: 'fen_per_month',
      addition: '劳动合同第七条；约定试用期时必填',
    }),
    workingTimeSystem: field(ZCode(WORKING_TIME_SYSTEMS), {
      label: '工时制度',
      source: H,
      manualEntry: true,
      widget: 'select',
      codeTable: WORKING_TIME_SYSTEMS.id,
      addition: '劳动合同第三条；周工作小时数的上限取决于它',
    }),
    grade: field(ZCode(TECHNICAL_GRADES), {
      label: '管理岗位、专业技术等级、职业技术等级',
      source: H,
      manualEntry: true,
      widget: 'select',
      codeTable: TECHNICAL_GRADES.id,
    }),
    weeklyHours: field(
      z
        .number({ error: (i) => (i.input === undefined ? '此项为必填项' : '应为数字') })
        .gt(0, { error: '周工作小时数应大于0' })
        .max(84, { error: '周工作小时数不能超过84' })
        .refine((h) => Number.isInteger(h * 2), { error: '以半小时为单位填写' }),
      { label: '周工作小时数', source: H, manualEntry: true, widget: 'text', keyboard: 'digit', unit: 'hours_per_week' },
    ),
    annualTotalPayFen: annual('工资报酬合计（元/年）'),
    annualBasicPayFen: annual('基本工资（元/年）'),
    annualPerformancePayFen: annual('绩效工资（元/年）'),
    annualAllowancesFen: annual('津补贴（元/年）'),
    annualOvertimePayFen: annual('加班加点工资（元/年）'),
    isMigrantWorker: field(z.boolean({ error: '请选择是或否' }), { label: '是否为农民工', source: H, manualEntry: true, widget: 'checkbox' }),
    isUnionMember: field(z.boolean({ error: '请选择是或否' }), { label: '是否为工会会员', source: H, manualEntry: true, widget: 'checkbox' }),
  })
  .superRefine((f, ctx) => {
    if (f.contractEndDate && f.contractEndDate < f.contractStartDate) {
      ctx.addIssue({ code: 'custom', path: ['contractEndDate'], message: '合同终止日期不能早于起始日期', params: { rule: 'order' } });
    }
    if (f.probationEndDate && f.probationEndDate < f.contractStartDate) {
      ctx.addIssue({ code: 'custom', path: ['probationEndDate'], message: '试用期截止日期不能早于合同起始日期', params: { rule: 'order' } });
    }
  });
export type TLaborFiling = z.infer<typeof ZLaborFilingSchema>;

// ── 个人住房公积金账户设立 ─────────────────────────────────────────────────

export const ZHousingFundSchema = z.strictObject({
  employerAccountNo: field(ZAccountNo('公积金单位账号'), {
    label: '公积金单位账号',
    source: H,
    manualEntry: true,
    widget: 'text',
    employerLevel: true,
  }),
  depositBaseFen: field(ZMoneyFen(1_000_000), {
    label: '缴存基数',
    source: H,
    manualEntry: true,
    widget: 'text',
    keyboard: 'digit',
    unit: 'fen_per_month',
  }),
  employerRateBp: field(ZRateBpSchema, {
    label: '单位缴存比例',
    source: H,
    manualEntry: true,
    widget: 'text',
    keyboard: 'digit',
    unit: 'bp',
    employerLevel: true,
  }),
  personalRateBp: field(ZRateBpSchema, { label: '个人缴存比例', source: H, manualEntry: true, widget: 'text', keyboard: 'digit', unit: 'bp' }),
  monthlyDepositFen: field(ZMoneyFen(1_000_000), {
    label: '月缴存额',
    source: H,
    manualEntry: true,
    widget: 'text',
    keyboard: 'digit',
    unit: 'fen_per_month',
  }),
});
export type THousingFund = z.infer<typeof ZHousingFundSchema>;

// ── 填报人、经办人信息 ─────────────────────────────────────────────────────

export const ZFilerSchema = z.strictObject({
  handler: field(ZPersonNameSchema, { label: '经办人', source: 'system', manualEntry: false, widget: 'text', hint: '系统自动获取' }),
  filingDate: field(ZIsoDateSchema, { label: '填报日期', source: 'system', manualEntry: false, widget: 'date', hint: '系统自动获取' }),
});
export type TFiler = z.infer<typeof ZFilerSchema>;

// ── The whole form ─────────────────────────────────────────────────────────

export const FORM_SECTIONS = [
  { key: 'employer', title: '单位基本信息', schema: ZEmployerSchema, items: 'all' },
  { key: 'employee', title: '录用人员信息', schema: ZEmployeeSchema, items: 'all' },
  {
    key: 'employmentRegistration',
    title: '就业登记信息',
    schema: ZEmploymentRegistrationSchema,
    items: ['employment_registration', 'employment_certificate'],
  },
  {
    key: 'insurance',
    title: '社保/医保参保信息',
    schema: ZInsuranceSchema,
    items: ['pension_insurance', 'medical_insurance', 'social_security_card'],
  },
  { key: 'laborFiling', title: '劳动用工备案', schema: ZLaborFilingSchema, items: ['labor_filing', 'housing_fund_account'] },
  { key: 'housingFund', title: '个人住房公积金账户设立', schema: ZHousingFundSchema, items: ['housing_fund_account'] },
  { key: 'filer', title: '填报人、经办人信息', schema: ZFilerSchema, items: 'all' },
] as const satisfies readonly { key: string; title: string; schema: z.ZodType; items: 'all' | readonly TItemCode[] }[];

export type TFormSectionKey = (typeof FORM_SECTIONS)[number]['key'];

export const ZApplicationSchema = z.strictObject({
  employer: ZEmployerSchema,
  employee: ZEmployeeSchema,
  employmentRegistration: ZEmploymentRegistrationSchema,
  insurance: ZInsuranceSchema,
  laborFiling: ZLaborFilingSchema,
  housingFund: ZHousingFundSchema,
  filer: ZFilerSchema,
});
/** 企业员工入职一件事申请表, as parsed (normalized). */
export type TApplication = z.infer<typeof ZApplicationSchema>;
/** The same, as typed in (before normalization). */
export type TApplicationInput = z.input<typeof ZApplicationSchema>;

