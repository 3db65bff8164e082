/**
 * Adapter of the 人社 business systems (社保参保, 就业登记, 就业创业证, 劳动用工备案,
 * 社保卡). Each write carries the caller's requestId (we use
 * `<applicationId>:<itemCode>`) in the body and as Idempotency-Key, so
 * HttpClient may retry it and a repeat never creates a second record.
 * The API is the one `functions/simulators/departments/hrss.ts` serves.
 */
import { z } from 'zod';
import type { TApplication } from '../../domain/form/schema';
import type { HttpClient } from '../adapters/http';
import {
  callDepartment,
  createHttp,
  idempotentPost,
  PERSON_FIELDS,
  personOf,
  ZIsoTimeSchema,
  type TDepartmentClientOptions,
  type TDeptOutcome,
} from './common';

const PENSION_TYPES = new Set(['110', '210', '410']);

// ── Results ──────────────────────────────────────────────────────────────

export const ZPensionEnrolmentSchema = z.object({
  /** 个人社保编号 (the local record number), e.g. `1503260000015`. */
  personalSocialSecurityNo: z.string().min(1),
  /** 社会保障号码 (= 公民身份号码 for citizen IDs), null for other documents. */
  socialSecurityNumber: z.string().nullable(),
  insuranceTypes: z.array(z.string()),
  startDate: z.string(),
  /** 核定缴费基数 (fen): the declared wage clamped into the year's floor and ceiling. */
  contributionBaseFen: z.number().int(),
  enrolledAt: ZIsoTimeSchema,
});
export type TPensionEnrolment = z.infer<typeof ZPensionEnrolmentSchema>;

export const ZEmploymentRegistrationResultSchema = z.object({ registrationNo: z.string().min(1), registeredAt: ZIsoTimeSchema });
export type TEmploymentRegistrationResult = z.infer<typeof ZEmploymentRegistrationResultSchema>;

const ZBranchSchema = z.object({ code: z.string(), name: z.string(), address: z.string() });
export type TBranch = z.infer<typeof ZBranchSchema>;

export const ZEmploymentCertificateSchema = z.discriminatedUnion('status', [
  z.object({ variant: z.literal('electronic'), status: z.literal('issued'), certificateNo: z.string().min(1), issuedAt: ZIsoTimeSchema }),
  z.object({ variant: z.literal('physical'), status: z.literal('processing'), ticket: z.string().min(1), expectedReadyAt: ZIsoTimeSchema, pickupLocation: ZBranchSchema }),
  z.object({
    variant: z.literal('physical'),
    status: z.literal('ready'),
    ticket: z.string().min(1),
    certificateNo: z.string().min(1),
    readyAt: ZIsoTimeSchema,
    pickupLocation: ZBranchSchema,
  }),
]);
export type TEmploymentCertificate = z.infer<typeof ZEmploymentCertificateSchema>;

export const ZLaborFilingResultSchema = z.object({ filingNo: z.string().min(1), filedAt: ZIsoTimeSchema });
export type TLaborFilingResult = z.infer<typeof ZLaborFilingResultSchema>;

export const ZCardStageSchema = z.enum(['数据录入', '制卡中', '市银行签收', '网点签收', '领卡未激活', '制卡失败']);
export type TCardStage = z.infer<typeof ZCardStageSchema>;
export type TCardVariant = 'electronic' | 'physical_sporadic' | 'physical_batch';

export const ZSocialSecurityCardSchema = z.object({
  applicationNo: z.string().min(1),
  variant: z.enum(['electronic', 'physical_sporadic', 'physical_batch']),
  /** active: 电子社保卡 signed; in_production … ready_for_collection (领卡未激活); failed (制卡失败). */
  status: z.enum(['active', 'in_production', 'ready_for_collection', 'failed']),
  currentStage: ZCardStageSchema.nullable(),
  stages: z.array(z.object({ stage: ZCardStageSchema, at: ZIsoTimeSchema })),
  /** 社保卡号 (9 characters), once the card is made (always, for the e-card). */
  cardNo: z.string().nullable(),
  /** 领卡网点, for physical cards. */
  branch: ZBranchSchema.nullable(),
  issuedAt: ZIsoTimeSchema.optional(),
  failureReason: z.string().optional(),
});
export type TSocialSecurityCard = z.infer<typeof ZSocialSecurityCardSchema>;

/** 卡状态查询: one card's status (a lost or cancelled physical card stops the person's e-card too). */
export const ZCardStatusAnswerSchema = z.object({
  cardNo: z.string().min(1),
  cardType: z.enum(['electronic', 'physical']),
  status: z.enum(['normal', 'sealed', 'lost', 'cancelled']),
  /** 正常 / 封存 / 挂失 / 注销, as the card system words it. */
  statusText: z.string(),
  since: ZIsoTimeSchema.nullable(),
  /** Why, when the status is not the card's own (e.g. the physical card was reported lost). */
  reason: z.string().nullable().optional(),
  /** 发卡地 (GB/T 2260). */
  regionCode: z.string(),
  regionName: z.string(),
  /** 合作银行, for physical cards. */
  bank: z.string().nullable().optional(),
});
export type TCardStatusAnswer = z.infer<typeof ZCardStatusAnswerSchema>;

// ── Field maps (department field → form path) ────────────────────────────

const PENSION_FIELDS = {
  ...PERSON_FIELDS,
  'employer.socialInsuranceNo': 'insurance.employerSocialInsuranceNo',
  insuranceTypes: 'insurance.insuranceTypes',
  monthlyWageFen: 'insurance.monthlyContributionWageFen',
  startDate: 'insurance.insuranceStartDate',
};
const REGISTRATION_FIELDS = {
  ...PERSON_FIELDS,
  'employer.employmentUnitNo': 'employmentRegistration.employerEmploymentNo',
  'employment.occupationCode': 'employmentRegistration.occupationCode',
  'employment.firstEmploymentDate': 'employmentRegistration.firstEmploymentDate',
  'employment.startDate': 'laborFiling.contractStartDate',
  'employment.employmentForm': 'laborFiling.employmentForm',
  'employment.contractTermType': 'laborFiling.contractTermType',
  'employment.contractEndDate': 'laborFiling.contractEndDate',
  'education.level': 'employee.education',
  'education.school': 'employee.graduateSchool',
  'education.major': 'employee.major',
  'education.graduationDate': 'employee.graduationDate',
  residentialAddress: 'employee.residentialAddress',
};
const LABOR_FIELDS = {
  ...PERSON_FIELDS,
  'contract.post': 'laborFiling.post',
  'contract.employmentForm': 'laborFiling.employmentForm',
  'contract.termType': 'laborFiling.contractTermType',
  'contract.startDate': 'laborFiling.contractStartDate',
  'contract.endDate': 'laborFiling.contractEndDate',
  'contract.probationEndDate': 'laborFiling.probationEndDate',
  'contract.probationMonthlyWageFen': 'laborFiling.probationMonthlyWageFen',
  'contract.workingTimeSystem': 'laborFiling.workingTimeSystem',
  'contract.weeklyHours': 'laborFiling.weeklyHours',
  'pay.annualTotalFen': 'laborFiling.annualTotalPayFen',
  'pay.annualBasicFen': 'laborFiling.annualBasicPayFen',
  'pay.annualPerformanceFen': 'laborFiling.annualPerformancePayFen',
  'pay.annualAllowancesFen': 'laborFiling.annualAllowancesFen',
  'pay.annualOvertimeFen': 'laborFiling.annualOvertimePayFen',
  grade: 'laborFiling.grade',
  isMigrantWorker: 'laborFiling.isMigrantWorker',
  isUnionMember: 'laborFiling.isUnionMember',
};
const CARD_FIELDS = { ...PERSON_FIELDS };

// ── The client ───────────────────────────────────────────────────────────

export class HrssClient {
  readonly http: HttpClient;

  constructor(options: TDepartmentClientOptions) {
    this.http = createHttp('人社', options);
  }

  /** 社保参保登记 (养老、失业、工伤 of the form's insurance types). */
  enrolPension(input: { requestId: string; application: TApplication }): Promise<TDeptOutcome<TPensionEnrolment>> {
    const { requestId, application: app } = input;
    return callDepartment(
      this.http,
      idempotentPost('/pension/enrol', requestId, {
        person: personOf(app),
        employer: {
          uscc: app.employer.uscc,
          name: app.employer.name,
          socialInsuranceNo: app.insurance.employerSocialInsuranceNo,
          divisionCode: app.employer.divisionCode,
        },
        insuranceTypes: app.insurance.insuranceTypes.filter((t) => PENSION_TYPES.has(t)),
        monthlyWageFen: app.insurance.monthlyContributionWageFen,
        startDate: app.insurance.insuranceStartDate,
      }),
      ZPensionEnrolmentSchema,
      PENSION_FIELDS,
    );
  }

  /** 就业登记. */
  registerEmployment(input: { requestId: string; application: TApplication }): Promise<TDeptOutcome<TEmploymentRegistrationResult>> {
    const { requestId, application: app } = input;
    return callDepartment(
      this.http,
      idempotentPost('/employment/registrations', requestId, {
        person: personOf(app),
        employer: {
          uscc: app.employer.uscc,
          name: app.employer.name,
          employmentUnitNo: app.employmentRegistration.employerEmploymentNo,
          divisionCode: app.employer.divisionCode,
          industryCode: app.employer.industryCode,
        },
        employment: {
          occupationCode: app.employmentRegistration.occupationCode,
          firstEmploymentDate: app.employmentRegistration.firstEmploymentDate,
          startDate: app.laborFiling.contractStartDate,
          employmentForm: app.laborFiling.employmentForm,
          contractTermType: app.laborFiling.contractTermType,
          contractEndDate: app.laborFiling.contractEndDate,
        },
        education: {
          level: app.employee.education,
          school: app.employee.graduateSchool,
          major: app.employee.major,
          graduationDate: app.employee.graduationDate,
        },
        residentialAddress: app.employee.residentialAddress,
      }),
      ZEmploymentRegistrationResultSchema,
      REGISTRATION_FIELDS,
    );
  }

  /** 就业创业证申领: electronic → issued at once; physical → a ticket to poll with getEmploymentCertificate. */
  applyEmploymentCertificate(input: {
    requestId: string;
    application: TApplication;
    variant: 'electronic' | 'physical';
    /** From registerEmployment. */
    registrationNo: string;
  }): Promise<TDeptOutcome<TEmploymentCertificate>> {
    const { requestId, application: app } = input;
    return callDepartment(
      this.http,
      idempotentPost('/employment/certificates', requestId, {
        variant: input.variant,
        registrationNo: input.registrationNo,
        person: { idType: app.employee.documentType, idNumber: app.employee.documentNumber, name: app.employee.name },
        divisionCode: app.employer.divisionCode,
      }),
      ZEmploymentCertificateSchema,
      PERSON_FIELDS,
    );
  }

  /** The physical certificate's progress (`processing` → `ready` with certificateNo). */
  getEmploymentCertificate(ticket: string): Promise<TDeptOutcome<TEmploymentCertificate>> {
    return callDepartment(this.http, { path: `/employment/certificates/${encodeURIComponent(ticket)}` }, ZEmploymentCertificateSchema);
  }

  /** 劳动用工备案. */
  fileLabor(input: { requestId: string; application: TApplication }): Promise<TDeptOutcome<TLaborFilingResult>> {
    const { requestId, application: app } = input;
    const f = app.laborFiling;
    return callDepartment(
      this.http,
      idempotentPost('/labor-filings', requestId, {
        person: personOf(app),
        employer: { uscc: app.employer.uscc, name: app.employer.name },
        contract: {
          post: f.post,
          employmentForm: f.employmentForm,
          termType: f.contractTermType,
          startDate: f.contractStartDate,
          endDate: f.contractEndDate,
          probationEndDate: f.probationEndDate,
          probationMonthlyWageFen: f.probationMonthlyWageFen,
          workingTimeSystem: f.workingTimeSystem,
          weeklyHours: f.weeklyHours,
        },
        pay: {
          annualTotalFen: f.annualTotalPayFen,
          annualBasicFen: f.annualBasicPayFen,
          annualPerformanceFen: f.annualPerformancePayFen,
          annualAllowancesFen: f.annualAllowancesFen,
          annualOvertimeFen: f.annualOvertimePayFen,
        },
        grade: f.grade,
        isMigrantWorker: f.isMigrantWorker,
        isUnionMember: f.isUnionMember,
      }),
      ZLaborFilingResultSchema,
      LABOR_FIELDS,
    );
  }

  /** 社保卡申领; needs the personalSocialSecurityNo from enrolPension. */
  applySocialSecurityCard(input: {
    requestId: string;
    application: TApplication;
    variant: TCardVariant;
    personalSocialSecurityNo: string;
  }): Promise<TDeptOutcome<TSocialSecurityCard>> {
    const { requestId, application: app } = input;
    return callDepartment(
      this.http,
      idempotentPost('/social-security-cards', requestId, {
        variant: input.variant,
        personalSocialSecurityNo: input.personalSocialSecurityNo,
        person: {
          idType: app.employee.documentType,
          idNumber: app.employee.documentNumber,
          name: app.employee.name,
          sex: app.employee.sex,
          phone: app.employee.phone,
        },
        employer: { uscc: app.employer.uscc, name: app.employer.name, divisionCode: app.employer.divisionCode },
      }),
      ZSocialSecurityCardSchema,
      CARD_FIELDS,
    );
  }

  /**
   * 卡状态查询 by card number; the ID number (社会保障号码) must be the holder's.
   * A POST, so the ID number travels in the body and never in a URL or access log.
   * Refusals: CARD_NOT_FOUND (no such card for this person, or not made yet).
   */
  queryCardStatus(input: { cardNo: string; idNumber: string }): Promise<TDeptOutcome<TCardStatusAnswer>> {
    return callDepartment(
      this.http,
      { method: 'POST', path: '/social-security-cards/status', body: { cardNo: input.cardNo, idNumber: input.idNumber }, idempotencyKey: `status:${input.cardNo}` },
      ZCardStatusAnswerSchema,
    );
  }

  /** 制卡进度 of one application. */
  getSocialSecurityCard(applicationNo: string): Promise<TDeptOutcome<TSocialSecurityCard>> {
    return callDepartment(this.http, { path: `/social-security-cards/${encodeURIComponent(applicationNo)}` }, ZSocialSecurityCardSchema);
  }
}
