/**
 * Simulator of the 人社 (human resources and social security) business
 * systems, default prefix `/sim/hrss`. Five writes, each idempotent by the
 * caller's `requestId`, and two status reads:
 *
 *   POST /pension/enrol                     社保参保（养老、失业、工伤）→ personalSocialSecurityNo
 *   POST /employment/registrations          就业登记 → registrationNo
 *   POST /employment/certificates           就业创业证：electronic → certificateNo at once;
 *                                           physical → { status: 'processing', ticket }
 *   GET  /employment/certificates/:ticket   实体证 ready after `certificateDelayMs`
 *   POST /labor-filings                     劳动用工备案 → filingNo
 *   POST /social-security-cards             社保卡申领 (needs the personalSocialSecurityNo)
 *   GET  /social-security-cards/:applicationNo  制卡进度
 *   POST /social-security-cards/status      卡状态查询 { cardNo, idNumber } → 正常 / 封存 / 挂失 / 注销
 *   POST /_dev/card-status                  (development) { cardNo, status } sets a card's status
 *                                           (挂失, 注销, or 正常 for an activated card); { down: true }
 *                                           makes the status query alone answer 503
 *
 * Number formats (all synthetic; Luhn = mod-10 check digit over the digits before it):
 *
 *   个人社保编号    1503 + 8-digit sequence (from 26000001) + Luhn            13 digits   1503260000015
 *   就业登记编号    JY + 150300 + YYYY + 6-digit sequence + Luhn              19 chars    JY15030020260000013
 *   就业创业证号    1503 + YYYY + 8-digit sequence + Luhn                     17 digits   15032026000000013 (electronic and physical share the series)
 *   实体证受理单号  JC + YYYYMMDD + 6-digit sequence                         16 chars
 *   劳动用工备案号  BA + 150300 + YYYYMMDD + 5-digit sequence + Luhn          22 chars    BA15030020261126000011
 *   社保卡申领单号  SK + YYYYMMDD + 6-digit sequence                         16 chars
 *   社保卡号        J + 7-digit sequence (from 1503001) + Luhn                9 chars     J15030018
 *
 * 社会保障号码 itself is the 公民身份号码 (for citizen IDs), returned as
 * `socialSecurityNumber`; 个人社保编号 is the local system's record number.
 * Dates (YYYY) come from the simulator's clock, in Asia/Shanghai.
 *
 * Physical card stages follow 电子社保卡's 制卡进度: 数据录入 → 制卡中 → 市银行签收 →
 * 网点签收 → 领卡未激活, one every `cardStageMs`; a person in `cardFailIds`
 * stops at 制卡失败 after 制卡中. (The public list also has 已缴费 between 数据录入
 * and 制卡中; it is left out because a first card is issued free of charge — not
 * verified for Wuhai.) The card number is reserved at application and shown from
 * 市银行签收 on (the card has been made).
 *
 * 卡状态 (facts.md): an e-card is 正常 once signed; a physical card is 封存 from
 * the moment it is made until it is collected and activated (the simulator has
 * no activation: `/_dev/card-status` sets 正常); 挂失 and 注销 are set through
 * `/_dev/card-status`. A lost or cancelled card stops every card of the same
 * person, the e-card included (the e-card answers the same status, with the
 * reason). Before a physical card is made, the query answers CARD_NOT_FOUND.
 */
import { localToday, addDays, addMonths } from '../../../domain/calendar/dates';
import { contributionBaseAt, contributionBaseFor } from '../../../domain/rules/wages';
import { z } from 'zod';
import { createSimulator, type TSimRequest, type TSimSwitches, type TSimulator } from '../framework';
import {
  compactDate,
  IdempotencyStore,
  isoTime,
  luhnCheckDigit,
  ok,
  pad,
  parseBody,
  refuse,
  Sequence,
  ZAccountNoSchema,
  ZDeptDateSchema,
  ZDeptEmployerSchema,
  ZDeptPersonSchema,
  type TClock,
  type TDeptFieldError,
} from './common';

export const CARD_STAGES = ['数据录入', '制卡中', '市银行签收', '网点签收', '领卡未激活'] as const;
export type TCardStage = (typeof CARD_STAGES)[number] | '制卡失败';
export type TCardVariant = 'electronic' | 'physical_sporadic' | 'physical_batch';
export type TCertificateVariant = 'electronic' | 'physical';
export type TCardStatus = 'normal' | 'sealed' | 'lost' | 'cancelled';
export const CARD_STATUS_TEXT: Readonly<Record<TCardStatus, string>> = { normal: '正常', sealed: '封存', lost: '挂失', cancelled: '注销' };

/** Where a physical card or certificate is collected, by the employer's district (synthetic names and addresses). */
export const WUHAI_BRANCHES: Readonly<Record<string, { code: string; name: string; address: string }>> = {
  '150302': { code: '150302-01', name: '海勃湾区社会保障卡服务网点', address: '乌海市海勃湾区政务服务中心一楼社保卡窗口（模拟）' },
  '150303': { code: '150303-01', name: '海南区社会保障卡服务网点', address: '乌海市海南区政务服务中心社保卡窗口（模拟）' },
  '150304': { code: '150304-01', name: '乌达区社会保障卡服务网点', address: '乌海市乌达区政务服务中心社保卡窗口（模拟）' },
};
const DEFAULT_BRANCH = WUHAI_BRANCHES['150302']!;

export interface THrssSimulatorOptions {
  prefix?: string;
  now?: TClock;
  /** Time per physical card stage (ms); default 2000. A number applies to both physical variants. */
  cardStageMs?: number | Partial<Record<'physical_sporadic' | 'physical_batch', number>>;
  /** Time until a physical 就业创业证 is ready (ms); default 5000. */
  certificateDelayMs?: number;
  /** ID numbers with an active insurance record at another employer (→ ALREADY_INSURED). */
  insuredElsewhere?: Iterable<string>;
  /** ID numbers already drawing a pension (→ permanent refusal PENSION_RECIPIENT). */
  pensionRecipients?: Iterable<string>;
  /** ID numbers whose physical card fails production (制卡失败). */
  cardFailIds?: Iterable<string>;
  /** The card status query alone answers 503 (the rest of the system stays up). */
  cardStatusDown?: boolean;
  switches?: Partial<TSimSwitches>;
  seed?: number;
}

interface TPensionRecord {
  personalSocialSecurityNo: string;
  idNumber: string;
  name: string;
  employerUscc: string;
}
interface TRegistrationRecord {
  registrationNo: string;
  idNumber: string;
  employerUscc: string;
  divisionCode: string;
}
interface TCertificateRecord {
  ticket: string;
  certificateNo: string;
  idNumber: string;
  appliedAt: number;
  branch: { code: string; name: string; address: string };
}
interface TCardRecord {
  applicationNo: string;
  variant: TCardVariant;
  cardNo: string;
  idNumber: string;
  appliedAt: number;
  stageMs: number;
  fails: boolean;
  branch: { code: string; name: string; address: string };
}

export interface THrssSimulator extends TSimulator {
  /** Mutable at run time (tests and the dev console add people). */
  insuredElsewhere: Set<string>;
  pensionRecipients: Set<string>;
  cardFailIds: Set<string>;
  /** Status overrides by card number (挂失, 注销, or 正常 for an activated physical card). */
  cardStatuses: Map<string, { status: TCardStatus; since: number }>;
  /** Failure switch of the card status query alone. */
  cardStatusDown: boolean;
  /** Records created, by kind (for tests: one record per requestId). */
  counts(): { pension: number; registrations: number; certificates: number; filings: number; cards: number };
}

// ── Request bodies ───────────────────────────────────────────────────────

const ZPensionEnrolSchema = z.object({
  requestId: z.string(),
  person: ZDeptPersonSchema,
  employer: ZDeptEmployerSchema.extend({ socialInsuranceNo: ZAccountNoSchema, divisionCode: z.string().regex(/^\d{6}$/) }),
  insuranceTypes: z
    .array(z.enum(['110', '210', '410'], { error: '社保参保只受理养老（110）、失业（210）、工伤（410）险种；医疗（生育）保险请向医保部门申报' }))
    .min(1, { error: '请至少选择养老、失业、工伤保险中的一项' }),
  monthlyWageFen: z.number().int().positive({ error: '月缴费工资应大于0' }),
  startDate: ZDeptDateSchema,
});

const ZRegistrationSchema = z.object({
  requestId: z.string(),
  person: ZDeptPersonSchema,
  employer: ZDeptEmployerSchema.extend({
    employmentUnitNo: ZAccountNoSchema,
    divisionCode: z.string().regex(/^\d{6}$/),
    industryCode: z.string().min(1),
  }),
  employment: z.object({
    occupationCode: z.string().min(1),
    firstEmploymentDate: ZDeptDateSchema,
    startDate: ZDeptDateSchema,
    employmentForm: z.string().min(1),
    contractTermType: z.string().min(1),
    contractEndDate: ZDeptDateSchema.optional(),
  }),
  education: z.object({
    level: z.string().min(1),
    school: z.string().optional(),
    major: z.string().optional(),
    graduationDate: ZDeptDateSchema.optional(),
  }),
  residentialAddress: z.string().min(1).max(200),
});

const ZCertificateSchema = z.object({
  requestId: z.string(),
  variant: z.enum(['electronic', 'physical'], { error: '证书形式应为 electronic 或 physical' }),
  registrationNo: z.string().min(1, { error: '缺少就业登记编号' }),
  person: z.object({ idType: z.string(), idNumber: z.string().min(1), name: z.string().min(1) }),
  divisionCode: z.string().regex(/^\d{6}$/).optional(),
});

const money = z.number().int().min(0);
const ZLaborFilingSchema = z.object({
  requestId: z.string(),
  person: ZDeptPersonSchema,
  employer: ZDeptEmployerSchema,
  contract: z.object({
    post: z.string().min(1).max(50),
    employmentForm: z.string().min(1),
    termType: z.enum(['1', '2', '3'], { error: '合同期限类型代码应为1、2或3' }),
    startDate: ZDeptDateSchema,
    endDate: ZDeptDateSchema.optional(),
    probationEndDate: ZDeptDateSchema.optional(),
    probationMonthlyWageFen: money.optional(),
    workingTimeSystem: z.string().min(1),
    weeklyHours: z.number().positive().max(84),
  }),
  pay: z.object({ annualTotalFen: money, annualBasicFen: money, annualPerformanceFen: money, annualAllowancesFen: money, annualOvertimeFen: money }),
  grade: z.string().min(1),
  isMigrantWorker: z.boolean(),
  isUnionMember: z.boolean(),
});

const ZCardSchema = z.object({
  requestId: z.string(),
  variant: z.enum(['electronic', 'physical_sporadic', 'physical_batch'], { error: '申领方式应为 electronic、physical_sporadic 或 physical_batch' }),
  personalSocialSecurityNo: z.string().optional(),
  person: z.object({ idType: z.string(), idNumber: z.string().min(1), name: z.string().min(1), sex: z.string(), phone: z.string() }),
  employer: ZDeptEmployerSchema.extend({ divisionCode: z.string().regex(/^\d{6}$/) }),
});

const ZCardStatusQuerySchema = z.object({
  cardNo: z.string().min(1, { error: '缺少社会保障卡号' }),
  idNumber: z.string().min(1, { error: '缺少社会保障号码' }),
});

const ZDevCardStatusSchema = z.union([
  z.strictObject({ cardNo: z.string().min(1), status: z.enum(['normal', 'sealed', 'lost', 'cancelled']) }),
  z.strictObject({ down: z.boolean() }),
]);

// ── The simulator ────────────────────────────────────────────────────────

/** Whether the insurance start date is one this channel may take (not before last month, not beyond 90 days). */
export function startDateProblem(startDate: string, today: string): string | undefined {
  const firstOfLastMonth = addMonths(`${today.slice(0, 7)}-01`, -1);
  if (startDate < firstOfLastMonth) return `参保日期早于${firstOfLastMonth}，需补缴的请到经办窗口办理`;
  if (startDate > addDays(today, 90)) return '参保日期不能晚于90天后';
  return undefined;
}

export function createHrssSimulator(options: THrssSimulatorOptions = {}): THrssSimulator {
  const now = options.now ?? Date.now;
  const stageMsFor = (variant: 'physical_sporadic' | 'physical_batch'): number => {
    const s = options.cardStageMs;
    if (typeof s === 'number') return s;
    return s?.[variant] ?? 2000;
  };
  const certificateDelayMs = options.certificateDelayMs ?? 5000;

  const store = new IdempotencyStore();
  const seq = {
    personal: new Sequence(26_000_001),
    registration: new Sequence(1),
    certificate: new Sequence(1),
    ticket: new Sequence(1),
    filing: new Sequence(1),
    cardApplication: new Sequence(1),
    card: new Sequence(1_503_001),
  };
  const pension = new Map<string, TPensionRecord>(); // by personalSocialSecurityNo
  const registrations = new Map<string, TRegistrationRecord>(); // by registrationNo
  const certificates = new Map<string, TCertificateRecord>(); // by ticket (physical) or certificateNo (electronic)
  const filings = new Map<string, { filingNo: string }>();
  const cards = new Map<string, TCardRecord>(); // by applicationNo

  const year = () => localToday(now()).slice(0, 4);
  const newPersonalNo = () => {
    const body = `1503${pad(seq.personal.take(), 8)}`;
    return body + luhnCheckDigit(body);
  };
  const newRegistrationNo = () => {
    const digits = `150300${year()}${pad(seq.registration.take(), 6)}`;
    return `JY${digits}${luhnCheckDigit(digits)}`;
  };
  const newCertificateNo = () => {
    const digits = `1503${year()}${pad(seq.certificate.take(), 8)}`;
    return digits + luhnCheckDigit(digits);
  };
  const newFilingNo = () => {
    const digits = `150300${compactDate(now())}${pad(seq.filing.take(), 5)}`;
    return `BA${digits}${luhnCheckDigit(digits)}`;
  };
  const newCardNo = () => {
    const digits = pad(seq.card.take(), 7);
    return `J${digits}${luhnCheckDigit(digits)}`;
  };

  function enrolPension(req: TSimRequest) {
    return store.run('pension', req, () => {
      const parsed = parseBody(ZPensionEnrolSchema, req.body);
      if (!parsed.ok) return parsed.response;
      const b = parsed.data;
      const id = b.person.idNumber;
      if (sim.pensionRecipients.has(id)) {
        return refuse('PENSION_RECIPIENT', '该人员已按月领取基本养老保险待遇，不能作为在职职工参加企业职工基本养老保险，不予受理');
      }
      if (sim.insuredElsewhere.has(id)) {
        return refuse('ALREADY_INSURED', '该人员在其他单位有在保记录，请原单位办理减员后再参保');
      }
      const existing = [...pension.values()].find((r) => r.idNumber === id);
      if (existing && existing.employerUscc !== b.employer.uscc) {
        return refuse('ALREADY_INSURED', '该人员在其他单位有在保记录，请原单位办理减员后再参保');
      }
      if (existing) return refuse('DUPLICATE_ENROLMENT', `该人员已在本单位参保（个人社保编号${existing.personalSocialSecurityNo}），无需重复办理`);
      const problem = startDateProblem(b.startDate, localToday(now()));
      if (problem) return refuse('INVALID_PARAMS', problem, [{ field: 'startDate', message: problem }]);
      const base = contributionBaseAt(b.employer.divisionCode, b.startDate)?.value;
      const record: TPensionRecord = { personalSocialSecurityNo: newPersonalNo(), idNumber: id, name: b.person.name, employerUscc: b.employer.uscc };
      pension.set(record.personalSocialSecurityNo, record);
      return ok({
        personalSocialSecurityNo: record.personalSocialSecurityNo,
        socialSecurityNumber: b.person.idType === '01' ? id : null,
        insuranceTypes: b.insuranceTypes,
        startDate: b.startDate,
        /** 核定缴费基数: the declared wage clamped into the year's floor and ceiling. */
        contributionBaseFen: base ? contributionBaseFor(b.monthlyWageFen, base) : b.monthlyWageFen,
        enrolledAt: isoTime(now()),
      });
    });
  }

  function registerEmployment(req: TSimRequest) {
    return store.run('employment-registration', req, () => {
      const parsed = parseBody(ZRegistrationSchema, req.body);
      if (!parsed.ok) return parsed.response;
      const b = parsed.data;
      const errors: TDeptFieldError[] = [];
      if (b.employment.firstEmploymentDate > b.employment.startDate) {
        errors.push({ field: 'employment.firstEmploymentDate', message: '首次就业时间不能晚于本次用工起始日期' });
      }
      if (b.employment.firstEmploymentDate < b.person.birthDate) {
        errors.push({ field: 'employment.firstEmploymentDate', message: '首次就业时间不能早于出生日期' });
      }
      if (errors.length) return refuse('INVALID_PARAMS', errors.map((e) => e.message).join('；'), errors);
      const existing = [...registrations.values()].find((r) => r.idNumber === b.person.idNumber);
      if (existing && existing.employerUscc !== b.employer.uscc) {
        return refuse('ALREADY_EMPLOYED', '该人员在其他单位有就业登记记录，请原单位办理就业登记注销后再登记');
      }
      if (existing) return refuse('DUPLICATE_REGISTRATION', `该人员已在本单位办理就业登记（${existing.registrationNo}），无需重复办理`);
      const record: TRegistrationRecord = {
        registrationNo: newRegistrationNo(),
        idNumber: b.person.idNumber,
        employerUscc: b.employer.uscc,
        divisionCode: b.employer.divisionCode,
      };
      registrations.set(record.registrationNo, record);
      return ok({ registrationNo: record.registrationNo, registeredAt: isoTime(now()) });
    });
  }

  function certificateView(record: TCertificateRecord) {
    const readyAt = record.appliedAt + certificateDelayMs;
    if (now() < readyAt) {
      return { variant: 'physical', status: 'processing', ticket: record.ticket, expectedReadyAt: isoTime(readyAt), pickupLocation: record.branch };
    }
    return {
      variant: 'physical',
      status: 'ready',
      ticket: record.ticket,
      certificateNo: record.certificateNo,
      readyAt: isoTime(readyAt),
      pickupLocation: record.branch,
    };
  }

  function applyCertificate(req: TSimRequest) {
    return store.run('employment-certificate', req, () => {
      const parsed = parseBody(ZCertificateSchema, req.body);
      if (!parsed.ok) return parsed.response;
      const b = parsed.data;
      const registration = registrations.get(b.registrationNo);
      if (!registration || registration.idNumber !== b.person.idNumber) {
        return refuse('REGISTRATION_NOT_FOUND', `未查询到该人员的就业登记记录（${b.registrationNo}），不能申领就业创业证`);
      }
      const certificateNo = newCertificateNo();
      if (b.variant === 'electronic') {
        certificates.set(certificateNo, { ticket: certificateNo, certificateNo, idNumber: b.person.idNumber, appliedAt: now(), branch: DEFAULT_BRANCH });
        return ok({ variant: 'electronic', status: 'issued', certificateNo, issuedAt: isoTime(now()) });
      }
      const ticket = `JC${compactDate(now())}${pad(seq.ticket.take(), 6)}`;
      const record: TCertificateRecord = {
        ticket,
        certificateNo,
        idNumber: b.person.idNumber,
        appliedAt: now(),
        branch: WUHAI_BRANCHES[b.divisionCode ?? registration.divisionCode] ?? DEFAULT_BRANCH,
      };
      certificates.set(ticket, record);
      return ok(certificateView(record));
    });
  }

  function getCertificate(req: TSimRequest) {
    const record = certificates.get(req.params.ticket ?? '');
    if (!record || record.ticket === record.certificateNo) return refuse('TICKET_NOT_FOUND', '未查询到该受理单号');
    return ok(certificateView(record));
  }

  function fileLabor(req: TSimRequest) {
    return store.run('labor-filing', req, () => {
      const parsed = parseBody(ZLaborFilingSchema, req.body);
      if (!parsed.ok) return parsed.response;
      const { contract: c, pay } = parsed.data;
      const errors: TDeptFieldError[] = [];
      if (c.termType === '1' && !c.endDate) errors.push({ field: 'contract.endDate', message: '固定期限劳动合同须填写合同终止日期' });
      if (c.endDate && c.endDate < c.startDate) errors.push({ field: 'contract.endDate', message: '合同终止日期不能早于起始日期' });
      const sum = pay.annualBasicFen + pay.annualPerformanceFen + pay.annualAllowancesFen + pay.annualOvertimeFen;
      if (sum !== pay.annualTotalFen) {
        errors.push({
          field: 'pay.annualTotalFen',
          message: `工资报酬合计应等于基本工资、绩效工资、津补贴、加班加点工资之和（${(sum / 100).toFixed(2)}元）`,
        });
      }
      if (errors.length) return refuse('INVALID_PARAMS', errors.map((e) => e.message).join('；'), errors);
      const filingNo = newFilingNo();
      filings.set(filingNo, { filingNo });
      return ok({ filingNo, filedAt: isoTime(now()) });
    });
  }

  function cardView(record: TCardRecord) {
    if (record.variant === 'electronic') {
      return {
        applicationNo: record.applicationNo,
        variant: record.variant,
        status: 'active',
        currentStage: null,
        stages: [],
        cardNo: record.cardNo,
        branch: null,
        issuedAt: isoTime(record.appliedAt),
      };
    }
    const elapsed = Math.max(0, now() - record.appliedAt);
    const reached = Math.min(Math.floor(elapsed / record.stageMs), CARD_STAGES.length - 1);
    const stages: { stage: TCardStage; at: string }[] = [];
    for (let i = 0; i <= reached; i++) {
      const at = isoTime(record.appliedAt + i * record.stageMs);
      if (record.fails && i === 2) {
        stages.push({ stage: '制卡失败', at });
        break;
      }
      stages.push({ stage: CARD_STAGES[i]!, at });
    }
    const current = stages[stages.length - 1]!.stage;
    const made = stages.some((s) => s.stage === '市银行签收');
    return {
      applicationNo: record.applicationNo,
      variant: record.variant,
      status: current === '制卡失败' ? 'failed' : current === '领卡未激活' ? 'ready_for_collection' : 'in_production',
      currentStage: current,
      stages,
      cardNo: made ? record.cardNo : null,
      branch: record.branch,
      ...(current === '制卡失败' ? { failureReason: '照片不符合制卡要求，请重新采集照片后申请补办' } : {}),
    };
  }

  function applyCard(req: TSimRequest) {
    return store.run('social-security-card', req, () => {
      const parsed = parseBody(ZCardSchema, req.body);
      if (!parsed.ok) return parsed.response;
      const b = parsed.data;
      const enrolment = b.personalSocialSecurityNo ? pension.get(b.personalSocialSecurityNo) : undefined;
      if (!enrolment || enrolment.idNumber !== b.person.idNumber) {
        return refuse(
          'PERSON_NOT_INSURED',
          b.personalSocialSecurityNo
            ? `未查询到个人社保编号${b.personalSocialSecurityNo}对应的参保记录，请先办理社保参保登记`
            : '缺少个人社保编号：社会保障卡须在社保参保登记后申领',
        );
      }
      const variant = b.variant;
      const record: TCardRecord = {
        applicationNo: `SK${compactDate(now())}${pad(seq.cardApplication.take(), 6)}`,
        variant,
        cardNo: newCardNo(),
        idNumber: b.person.idNumber,
        appliedAt: now(),
        stageMs: variant === 'electronic' ? 0 : stageMsFor(variant),
        fails: variant !== 'electronic' && sim.cardFailIds.has(b.person.idNumber),
        branch: WUHAI_BRANCHES[b.employer.divisionCode] ?? DEFAULT_BRANCH,
      };
      cards.set(record.applicationNo, record);
      return ok(cardView(record));
    });
  }

  /** The status of one card, before the person's other cards are considered. */
  function ownStatus(record: TCardRecord): { status: TCardStatus; since: number } | undefined {
    const override = sim.cardStatuses.get(record.cardNo);
    if (override) return override;
    if (record.variant === 'electronic') return { status: 'normal', since: record.appliedAt };
    const view = cardView(record);
    if (!view.cardNo) return undefined; // not made yet
    const made = view.stages.find((s) => s.stage === '市银行签收');
    return { status: 'sealed', since: made ? Date.parse(made.at) : record.appliedAt };
  }

  function cardStatus(req: TSimRequest) {
    if (sim.cardStatusDown) return { status: 503, body: { code: 'SERVICE_UNAVAILABLE', message: '社保卡状态查询服务维护中（模拟）', data: null } };
    const parsed = parseBody(ZCardStatusQuerySchema, req.body);
    if (!parsed.ok) return parsed.response;
    const { cardNo, idNumber } = parsed.data;
    const record = [...cards.values()].find((c) => c.cardNo === cardNo && c.idNumber === idNumber);
    const own = record ? ownStatus(record) : undefined;
    if (!record || !own) return refuse('CARD_NOT_FOUND', '未查询到该持卡人的社会保障卡（卡号与社会保障号码不符，或卡片尚未制成）');
    // a lost or cancelled card stops every card of the person, the e-card too
    let status = own.status;
    let since = own.since;
    let reason: string | null = null;
    for (const other of cards.values()) {
      if (other === record || other.idNumber !== idNumber) continue;
      const o = sim.cardStatuses.get(other.cardNo);
      if (o && (o.status === 'lost' || o.status === 'cancelled') && status !== 'cancelled') {
        status = o.status;
        since = o.since;
        reason = `${other.variant === 'electronic' ? '电子社保卡' : '实体社保卡'}已${CARD_STATUS_TEXT[o.status]}，本卡同步暂停使用`;
      }
    }
    return ok({
      cardNo,
      cardType: record.variant === 'electronic' ? 'electronic' : 'physical',
      status,
      statusText: CARD_STATUS_TEXT[status],
      since: isoTime(since),
      reason,
      regionCode: '150300',
      regionName: '内蒙古自治区乌海市',
      bank: record.variant === 'electronic' ? null : '中国工商银行乌海分行（模拟）',
    });
  }

  function devCardStatus(req: TSimRequest) {
    const parsed = ZDevCardStatusSchema.safeParse(req.body);
    if (!parsed.success) return { status: 400, body: { error: '请求应为 { cardNo, status: "normal" | "sealed" | "lost" | "cancelled" } 或 { down: boolean }' } };
    if ('down' in parsed.data) {
      sim.cardStatusDown = parsed.data.down;
      return { status: 200, body: { ok: true, down: sim.cardStatusDown } };
    }
    const { cardNo, status } = parsed.data;
    if (![...cards.values()].some((c) => c.cardNo === cardNo)) return { status: 404, body: { error: '卡号不存在' } };
    sim.cardStatuses.set(cardNo, { status, since: now() });
    return { status: 200, body: { ok: true, cardNo, status } };
  }

  function getCard(req: TSimRequest) {
    const record = cards.get(req.params.applicationNo ?? '');
    if (!record) return refuse('APPLICATION_NOT_FOUND', '未查询到该社保卡申领记录');
    return ok(cardView(record));
  }

  const base = createSimulator({
    name: '人社业务系统',
    prefix: options.prefix ?? '/sim/hrss',
    seed: options.seed,
    switches: options.switches,
    onReset: () => {
      store.clear();
      for (const s of Object.values(seq)) s.reset();
      for (const m of [pension, registrations, certificates, filings, cards]) m.clear();
      sim.cardStatuses.clear();
      sim.cardStatusDown = options.cardStatusDown ?? false;
    },
    routes: [
      { method: 'POST', pattern: '/pension/enrol', handler: enrolPension },
      { method: 'POST', pattern: '/employment/registrations', handler: registerEmployment },
      { method: 'POST', pattern: '/employment/certificates', handler: applyCertificate },
      { method: 'GET', pattern: '/employment/certificates/:ticket', handler: getCertificate },
      { method: 'POST', pattern: '/labor-filings', handler: fileLabor },
      { method: 'POST', pattern: '/social-security-cards', handler: applyCard },
      { method: 'POST', pattern: '/social-security-cards/status', handler: cardStatus },
      { method: 'GET', pattern: '/social-security-cards/:applicationNo', handler: getCard },
      { method: 'POST', pattern: '/_dev/card-status', handler: devCardStatus, control: true },
    ],
  });
  const sim: THrssSimulator = Object.assign(base, {
    insuredElsewhere: new Set(options.insuredElsewhere ?? []),
    pensionRecipients: new Set(options.pensionRecipients ?? []),
    cardFailIds: new Set(options.cardFailIds ?? []),
    cardStatuses: new Map<string, { status: TCardStatus; since: number }>(),
    cardStatusDown: options.cardStatusDown ?? false,
    counts: () => ({
      pension: pension.size,
      registrations: registrations.size,
      certificates: certificates.size,
      filings: filings.size,
      cards: cards.size,
    }),
  });
  return sim;
}
