/**
 * One description per route and method of functions/routes.ts: who may call
 * it, and a VALID request (path parameters, query, body, headers) with the
 * oracle that says whether a body or query is valid (the schema the handler
 * validates with, plus the checks its use case adds). The fuzzer breaks these
 * valid requests in one certain way each (see endpoints.test.ts), so that
 * every request reaches deep validation and every request must be refused.
 *
 * A route in ROUTES without a description here fails the suite.
 */
import fc from 'fast-check';
import type { z } from 'zod';
import { checkDocument, checkHire, parseWithIssues, SUPPORTED_DOCUMENT_KINDS, ZApplicationSchema, ZItemCodeSchema, type TApplicationInput, type TDocumentKind } from '../../domain';
import { ZFilingSchema } from '../../domain/applications/filing';
import { ZEnterpriseArchiveQuerySchema, ZPersonArchiveQuerySchema } from '../../domain/archives/archives';
import { ZCardRevealRequestSchema, ZCardVerifyRequestSchema } from '../../domain/card/card';
import { ZSubscribeReportSchema } from '../../domain/notifications/subscriptions';
import { ZFollowUpInputSchema, ZRatingInputSchema } from '../../domain/supervision/ratings';
import { ZOverdueQuerySchema, ZQueueQuerySchema } from '../../domain/supervision/supervision';
import { ZCorrectionSchema } from '../../functions/applications/correct-item';
import { ZListQuerySchema } from '../../functions/applications/read-applications';
import { ZClerkLoginSchema, ZWeChatLoginSchema } from '../../functions/auth/login';
import { ZAutofillEnterpriseQuerySchema } from '../../functions/autofill/autofill-enterprise';
import { ZAutofillPersonQuerySchema } from '../../functions/autofill/autofill-person';
import { ZVerifyFinishSchema, ZVerifyStartSchema } from '../../functions/employee/verify';
import { ZBindEnterpriseSchema, ZRevokeMemberSchema } from '../../functions/enterprise/bind';
import { ZEmployerConstantsSchema } from '../../functions/enterprise/profile';
import { ZLedgerMessageSchema } from '../../functions/ledger/events';
import { ZConsistencyQuerySchema, ZProofQuerySchema } from '../../functions/ledger/read';
import { ZLicenceMessageSchema } from '../../functions/licences/push';
import { ID_PHOTO_NOTICE, ZConsentSchema, ZUploadSchema } from '../../functions/materials/materials';
import { ZInboxQuerySchema, ZMarkReadSchema } from '../../functions/notifications/inbox';
import { ZNotificationSchema } from '../../functions/notifications/notify';
import { ZRetentionMessageSchema } from '../../functions/retention/id-photos';
import { z as zod } from 'zod';
import type { TOracle } from './mutate';
import { signCardToken } from '../../functions/card/token';
import { ENTERPRISES_BY_USCC, PEOPLE_BY_DOCUMENT_NUMBER, DEMO_PEOPLE } from '../../functions/simulators/dataset';
import { badCitizenId, badUscc, chineseName, oddString, wellFormedCitizenId, wellFormedUscc } from './values';

const printableText = (min: number, max: number) => fc.string({ unit: fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)), minLength: min, maxLength: max });
const nobody = wellFormedCitizenId.filter((id) => !PEOPLE_BY_DOCUMENT_NUMBER.has(id));
const noEnterprise = wellFormedUscc.filter((u) => !ENTERPRISES_BY_USCC.has(u));
const b64url = (n: number) => fc.uint8Array({ minLength: n, maxLength: n }).map((b) => Buffer.from(b).toString('base64url'));

export type TRole = 'anonymous' | 'wechat' | 'hr' | 'hrB' | 'employee' | 'clerk';
/** Who may call: a signed-in role, anyone, a scanning terminal, the queue (signed deliveries) or Vercel cron. */
export type TCaller = Exclude<TRole, 'anonymous'> | 'public' | 'terminal' | 'queue' | 'cron';

/** What the fuzzer knows after setting up the stack. */
export interface TFuzzContext {
  uscc: string;
  usccB: string;
  person: { documentNumber: string; name: string };
  personB: { documentNumber: string; name: string };
  today: string;
  /** A filed hire of `person` by `uscc`, all seven items done, rated 不满意 (a bad rating on the board). */
  appId: string;
  application: TApplicationInput;
  /** A contract scan uploaded by the HR contact. */
  materialId: string;
  /** The HR contact's own member id. */
  memberId: string;
  /** Inbox message ids of the HR contact. */
  inboxIds: string[];
  templateId: string;
  /** A second hire (of a person insured by another employer) whose 社保参保 waits for a correction. */
  correctionAppId: string;
  correctionApplication: TApplicationInput;
  /** The Idempotency-Key the hire was filed with. */
  filingKey: string;
  /** The e-card QR signing secret (to make tokens that are genuine but expired or not yet valid). */
  cardQrSecret: Buffer;
}

/** A request that passes the schema but that the use case must refuse. */
export interface TDeep {
  detail: string;
  expect: readonly number[];
  body?: unknown;
  query?: Record<string, string>;
  idempotencyKey?: string;
}

export interface TQuerySpec {
  valid: (ctx: TFuzzContext) => Record<string, string>;
  isValid: (ctx: TFuzzContext) => TOracle;
  /** Per field: values the oracle refuses (checked per request). */
  bad: Record<string, fc.Arbitrary<string>>;
}

export interface TBodySpec {
  valid: (ctx: TFuzzContext) => unknown;
  isValid: (ctx: TFuzzContext) => TOracle;
}

export interface TMethodSpec {
  as: TCaller;
  /** Signed-in roles refused (401/403) besides anonymous and bad tokens. */
  denied?: TRole[];
  /** Valid path parameters, and for each the bad values (anything else than a record that exists and may be seen). */
  params?: (ctx: TFuzzContext) => Record<string, string>;
  query?: TQuerySpec;
  body?: TBodySpec;
  /** The handler reads the body with parseBody (JSON only: other content types are 415, broken JSON 400). */
  json?: boolean;
  /** Needs an Idempotency-Key (POST /api/applications). */
  idempotencyKey?: boolean;
  /** Every request the description makes is refused whatever is mutated (e.g. a made-up authorization code). */
  alwaysRefused?: string;
  /** Well-formed requests the use case refuses (unknown people, codes, tokens; rule blocks; conflicts). */
  deep?: (ctx: TFuzzContext) => fc.Arbitrary<TDeep>;
}

export type TRouteSpec = Partial<Record<'GET' | 'POST' | 'PUT' | 'DELETE', TMethodSpec>>;

const schemaOracle =
  (schema: z.ZodType): TOracle =>
  (v) =>
    parseWithIssues(schema, v).success;

const querySchemaOracle = (schema: z.ZodType) => () => schemaOracle(schema);
const bodySchemaOracle = (schema: z.ZodType) => () => schemaOracle(schema);

/** Query values that are not a page size of 1–50 (z.coerce.number: '' and ' ' are 0). */
const badLimit = fc.oneof(fc.constantFrom('0', '51', '-1', '1.5', 'abc', '1e3', '', ' ', 'Infinity', 'NaN', '１０', '10abc', '9'.repeat(400), '[]', '{}', 'null', 'true'), fc.integer({ min: 51 }).map(String), fc.integer({ max: 0 }).map(String));
const badCursor = fc.oneof(fc.constantFrom('-1', '1.5', 'abc', 'NaN', '1e400', 'Infinity', '-Infinity', '１', 'null', '0.0001', '--1'), fc.integer({ max: -1 }).map(String));
const notIn = (allowed: readonly string[]) => fc.oneof(oddString, fc.string({ maxLength: 20 })).filter((s) => !allowed.includes(s));
const badCount = fc.oneof(fc.constantFrom('-1', '1.5', 'abc', '', ' ', '01', '0x10', '1e3', '１', '9999999999999999', 'NaN', '+1', '0 ', ' 0'), fc.integer({ max: -1 }).map(String));

const pageBad = { limit: badLimit, cursor: badCursor };
const archiveBad = { ...pageBad, ledgerCursor: badCursor, accessCursor: badCursor, part: notIn(['all', 'hires', 'ledger', 'access']) };

const strictJson = (o: unknown) => JSON.parse(JSON.stringify(o)) as unknown;

/** What correctItem accepts for the correction hire's 社保参保: the schema, fixed identity fields, the merged form, the pre-check. */
function correctionOracle(ctx: TFuzzContext): TOracle {
  const current = strictJson(ctx.correctionApplication) as Record<string, Record<string, unknown>>;
  return (v) => {
    const r = parseWithIssues(ZCorrectionSchema, v);
    if (!r.success) return false;
    const changes = (r.data as { changes: Record<string, Record<string, unknown> | undefined> }).changes;
    if (changes.employee && ['documentType', 'documentNumber', 'name'].some((k) => k in changes.employee!)) return false;
    if (changes.employer && 'uscc' in changes.employer) return false;
    const merged: Record<string, unknown> = { ...current };
    for (const [section, patch] of Object.entries(changes)) merged[section] = { ...current[section], ...patch };
    if (!parseWithIssues(ZApplicationSchema, merged).success) return false;
    const item = checkHire(merged, ctx.today).items.find((i) => i.item === 'pension_insurance');
    return !(item?.findings ?? []).some((f) => f.level === 'block');
  };
}

/** The body a wizard submits, as the mini-program sends it. */
const applicationBody = (ctx: TFuzzContext) => strictJson(ctx.application);

const personOracle =
  (schema: z.ZodType) =>
  (ctx: TFuzzContext): TOracle =>
  (v) => {
    const r = parseWithIssues(schema, v);
    if (!r.success) return false;
    const d = r.data as { idType: string; idNumber: string };
    return checkDocument(d.idType as TDocumentKind, d.idNumber, undefined, ctx.today).valid;
  };

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const MAGIC_BYTES: Record<string, Buffer> = {
  'image/jpeg': Buffer.from([0xff, 0xd8, 0xff, 0xe0]),
  'image/png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  'application/pdf': Buffer.from('%PDF-1.7\n'),
};
const MAGIC: Record<string, (b: Buffer) => boolean> = {
  'image/jpeg': (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  'image/png': (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  'application/pdf': (b) => b.subarray(0, 5).toString('latin1') === '%PDF-',
};

export const FUZZ_SPECS: Record<string, TRouteSpec> = {
  '/api/health': { GET: { as: 'public' } },
  '/api/auth/login': { POST: { as: 'public', json: true, body: { valid: () => ({ code: 'fuzz-login-code-0001' }), isValid: bodySchemaOracle(ZWeChatLoginSchema) } } },
  '/api/auth/clerk-login': {
    POST: { as: 'public', json: true, body: { valid: () => ({ username: 'clerk01', password: 'window-2026' }), isValid: bodySchemaOracle(ZClerkLoginSchema) } },
  },
  '/api/me': { GET: { as: 'wechat' } },
  '/api/me/records': { GET: { as: 'employee', denied: ['hr', 'clerk', 'wechat'], query: { valid: () => ({ limit: '10' }), isValid: querySchemaOracle(ZListQuerySchema), bad: pageBad } } },
  '/api/me/messages': { GET: { as: 'hr', query: { valid: () => ({ limit: '10' }), isValid: querySchemaOracle(ZInboxQuerySchema), bad: pageBad } } },
  '/api/me/messages/read': { POST: { as: 'hr', json: true, body: { valid: (ctx) => ({ ids: ctx.inboxIds.slice(0, 2) }), isValid: bodySchemaOracle(ZMarkReadSchema) } } },
  '/api/enterprise/bind': {
    POST: {
      as: 'wechat',
      json: true,
      alwaysRefused: 'a made-up 电子营业执照 authorization code',
      body: { valid: (ctx) => ({ uscc: ctx.uscc, authCode: 'fuzz-made-up-auth-code' }), isValid: bodySchemaOracle(ZBindEnterpriseSchema) },
      deep: (ctx) =>
        fc.tuple(fc.oneof(noEnterprise, fc.constant(ctx.uscc), fc.constant(ctx.usccB)), printableText(4, 128)).map(([uscc, authCode]) => ({ detail: `authorization code ${JSON.stringify(authCode.slice(0, 20))} for ${uscc}`, expect: [403, 404, 422], body: { uscc, authCode } })),
    },
  },
  '/api/enterprise/profile': {
    GET: { as: 'hr', denied: ['employee', 'wechat', 'clerk'] },
    PUT: {
      as: 'hr',
      denied: ['employee', 'wechat', 'clerk'],
      json: true,
      body: { valid: () => ({ employerSocialInsuranceNo: 'SB15030200456', employerMedicalInsuranceNo: 'YB15030200789', employerEmploymentNo: 'JY150302000123', employerAccountNo: 'GJJ1503020001', employerRateBp: 1200 }), isValid: bodySchemaOracle(ZEmployerConstantsSchema) },
    },
  },
  '/api/enterprise/members/:member/revoke': {
    POST: {
      as: 'hr',
      denied: ['employee', 'wechat'],
      json: true,
      alwaysRefused: 'a made-up 电子营业执照 authorization code',
      params: (ctx) => ({ member: ctx.memberId }),
      body: { valid: (ctx) => ({ uscc: ctx.uscc, authCode: 'fuzz-made-up-auth-code' }), isValid: bodySchemaOracle(ZRevokeMemberSchema) },
      deep: (ctx) =>
        fc.tuple(fc.oneof(noEnterprise, fc.constant(ctx.uscc), fc.constant(ctx.usccB)), printableText(4, 128)).map(([uscc, authCode]) => ({ detail: `authorization code ${JSON.stringify(authCode.slice(0, 20))} for ${uscc}`, expect: [403, 404, 422], body: { uscc, authCode } })),
    },
  },
  '/api/employee/verify/start': {
    POST: {
      as: 'wechat',
      denied: ['clerk'],
      json: true,
      body: { valid: (ctx) => ({ idType: 'citizen_id', idNumber: ctx.personB.documentNumber, name: ctx.personB.name }), isValid: personOracle(ZVerifyStartSchema) },
      deep: (ctx) =>
        fc.oneof(
          fc.tuple(nobody, chineseName).map(([idNumber, name]) => ({ detail: 'a well-formed ID number of no one', expect: [422], body: { idType: 'citizen_id', idNumber, name } })),
          chineseName.filter((n) => n !== ctx.personB.name).map((name) => ({ detail: 'a real ID number with another name', expect: [422], body: { idType: 'citizen_id', idNumber: ctx.personB.documentNumber, name } })),
        ),
    },
  },
  '/api/employee/verify/finish': {
    POST: {
      as: 'wechat',
      json: true,
      alwaysRefused: 'an unknown verifyId',
      body: { valid: () => ({ verifyId: 'fuzz-unknown-verify-id' }), isValid: bodySchemaOracle(ZVerifyFinishSchema) },
      deep: () => fc.oneof(printableText(1, 128), oddString.filter((v) => v.length >= 1 && v.length <= 128)).map((verifyId) => ({ detail: 'an unknown verifyId', expect: [403, 404, 409, 422], body: { verifyId } })),
    },
  },
  '/api/autofill/enterprise': {
    GET: {
      as: 'hr',
      denied: ['employee', 'wechat', 'hrB'],
      query: { valid: (ctx) => ({ uscc: ctx.uscc }), isValid: querySchemaOracle(ZAutofillEnterpriseQuerySchema), bad: { uscc: badUscc } },
      deep: (ctx) => fc.oneof(noEnterprise, fc.constant(ctx.usccB)).map((uscc) => ({ detail: `another enterprise's USCC ${uscc}`, expect: [403], query: { uscc } })),
    },
  },
  '/api/autofill/person': {
    GET: {
      as: 'hr',
      denied: ['employee', 'wechat'],
      query: {
        valid: (ctx) => ({ idType: 'citizen_id', idNumber: ctx.person.documentNumber, name: ctx.person.name }),
        isValid: personOracle(ZAutofillPersonQuerySchema),
        bad: { idType: notIn(SUPPORTED_DOCUMENT_KINDS), idNumber: badCitizenId, name: fc.constantFrom('', ' ', '1234', '<script>', 'x'.repeat(200), '\u0000') },
      },
    },
    // the mini-program's form: the ID number in the body, never in a URL
    POST: {
      as: 'hr',
      denied: ['employee', 'wechat'],
      json: true,
      body: { valid: (ctx) => ({ idType: 'citizen_id', idNumber: ctx.person.documentNumber, name: ctx.person.name }), isValid: personOracle(ZAutofillPersonQuerySchema) },
    },
  },
  '/api/applications': {
    GET: { as: 'hr', denied: ['employee', 'wechat'], query: { valid: () => ({ limit: '10' }), isValid: querySchemaOracle(ZListQuerySchema.extend({ uscc: zod.string().length(18).optional() })), bad: { ...pageBad, uscc: fc.string({ maxLength: 40 }).filter((s) => s.length !== 18) } } },
    POST: {
      as: 'hr',
      denied: ['employee', 'wechat', 'hrB'],
      json: true,
      idempotencyKey: true,
      body: { valid: applicationBody, isValid: bodySchemaOracle(ZFilingSchema) },
      deep: (ctx) =>
        fc.oneof(
          // a 15-year-old: every item blocked by 劳动法 §15
          fc.uuid().map((key) => {
            const minor = DEMO_PEOPLE.age15;
            const body = applicationBody(ctx) as Record<string, Record<string, unknown>>;
            body.employee = { ...body.employee, documentNumber: minor.documentNumber, name: minor.name, sex: minor.sex, birthDate: minor.birthDate, ethnicGroup: '01', hukouNature: '11', hukouAddress: '内蒙古自治区乌海市乌达区', education: '71' };
            delete body.employee.graduateSchool;
            delete body.employee.major;
            delete body.employee.graduationDate;
            body.employmentRegistration = { ...body.employmentRegistration, firstEmploymentDate: ctx.today };
            return { detail: 'a 15-year-old (RULE_BLOCKED)', expect: [422], body, idempotencyKey: `fuzz-minor-${key}` };
          }),
          // the hire's own Idempotency-Key with another body
          chineseName.filter((n) => n !== ctx.application.filer.handler).map((handler) => {
            const body = applicationBody(ctx) as Record<string, Record<string, unknown>>;
            body.filer = { ...body.filer, handler };
            return { detail: `the filed hire's Idempotency-Key, filer ${handler}`, expect: [409], body, idempotencyKey: ctx.filingKey };
          }),
        ),
    },
  },
  '/api/applications/:id': { GET: { as: 'hr', denied: ['hrB', 'wechat'], params: (ctx) => ({ id: ctx.appId }) } },
  '/api/applications/:id/items/:code/correction': {
    POST: {
      as: 'hr',
      denied: ['hrB', 'employee', 'wechat'],
      json: true,
      // the item waits for a correction: a valid body would be accepted, so the oracle follows the use case
      params: (ctx) => ({ id: ctx.correctionAppId, code: 'pension_insurance' }),
      body: { valid: () => ({ changes: { insurance: { monthlyContributionWageFen: 610_000 } }, note: '按部门要求补正' }), isValid: correctionOracle },
      deep: (ctx) =>
        fc.oneof(
          fc.constantFrom('documentType', 'documentNumber', 'name').map((key) => ({ detail: `changes employee.${key} (fixed after filing)`, expect: [422], body: { changes: { employee: { [key]: (ctx.correctionApplication.employee as Record<string, unknown>)[key] } } } })),
          fc.constant({ detail: 'changes employer.uscc (fixed after filing)', expect: [422], body: { changes: { employer: { uscc: ctx.uscc } } } }),
          // a correction that makes the hire one the rules block: a start of insurance years before the contract
          fc.constantFrom('2000-01-01', '1990-06-01').map((d) => ({ detail: `insurance from ${d}`, expect: [422], body: { changes: { insurance: { insuranceStartDate: d } } } })),
        ),
    },
  },
  '/api/applications/:id/contract': { GET: { as: 'hr', denied: ['hrB', 'wechat'], params: (ctx) => ({ id: ctx.appId }) } },
  '/api/applications/:id/rating': {
    GET: { as: 'hr', denied: ['hrB', 'wechat'], params: (ctx) => ({ id: ctx.appId }) },
    POST: {
      as: 'hr',
      denied: ['hrB', 'clerk', 'employee', 'wechat'],
      json: true,
      params: (ctx) => ({ id: ctx.appId }),
      body: { valid: () => ({ level: '不满意', comment: '窗口排队时间较长' }), isValid: bodySchemaOracle(ZRatingInputSchema) },
      deep: () =>
        fc.tuple(fc.constantFrom('非常满意', '满意', '基本满意', '非常不满意'), fc.option(chineseName, { nil: undefined })).map(([level, comment]) => ({ detail: `a second rating ${level}`, expect: [409], body: { level, ...(comment ? { comment } : {}) } })),
    },
  },
  '/api/clerk/queues': {
    GET: {
      as: 'clerk',
      denied: ['hr', 'employee', 'wechat'],
      query: { valid: () => ({ department: 'hrss', state: 'processing', limit: '10' }), isValid: querySchemaOracle(ZQueueQuerySchema), bad: { ...pageBad, department: notIn(['hrss', 'medical_security', 'housing_fund_center']), state: notIn(['submitted', 'processing', 'needs_correction']) } },
    },
  },
  '/api/clerk/overdue': { GET: { as: 'clerk', denied: ['hr', 'employee', 'wechat'], query: { valid: () => ({ limit: '10' }), isValid: querySchemaOracle(ZOverdueQuerySchema), bad: pageBad } } },
  '/api/clerk/stats': { GET: { as: 'clerk', denied: ['hr', 'employee', 'wechat'] } },
  '/api/clerk/ratings': { GET: { as: 'clerk', denied: ['hr', 'employee', 'wechat'] } },
  '/api/clerk/ratings/:id/follow-up': {
    POST: { as: 'clerk', denied: ['hr', 'employee', 'wechat'], json: true, params: (ctx) => ({ id: ctx.appId }), body: { valid: () => ({ note: '已电话回访，增开窗口' }), isValid: bodySchemaOracle(ZFollowUpInputSchema) } },
  },
  '/api/archives/enterprise': {
    GET: { as: 'hr', denied: ['employee', 'wechat'], query: { valid: () => ({ part: 'hires', limit: '5' }), isValid: querySchemaOracle(ZEnterpriseArchiveQuerySchema), bad: { ...archiveBad, uscc: badUscc } } },
  },
  '/api/me/archive': { GET: { as: 'employee', denied: ['hr', 'clerk', 'wechat'], query: { valid: () => ({ part: 'hires', limit: '5' }), isValid: querySchemaOracle(ZPersonArchiveQuerySchema), bad: archiveBad } } },
  '/api/contracts/preview': { POST: { as: 'hr', denied: ['employee', 'wechat', 'hrB'], json: true, body: { valid: applicationBody, isValid: bodySchemaOracle(ZApplicationSchema) } } },
  '/api/materials/consent': {
    GET: { as: 'public' },
    POST: { as: 'hr', denied: ['employee', 'wechat'], json: true, body: { valid: () => ({ kind: 'id_photo', noticeVersion: ID_PHOTO_NOTICE.version, accepted: true }), isValid: bodySchemaOracle(ZConsentSchema) } },
  },
  '/api/materials': {
    POST: {
      as: 'hr',
      denied: ['employee', 'wechat'],
      json: true,
      body: {
        valid: () => ({ kind: 'contract_scan', contentType: 'application/pdf', dataBase64: PDF.toString('base64') }),
        isValid: () => (v) => {
          const r = parseWithIssues(ZUploadSchema, v);
          if (!r.success) return false;
          const d = r.data as { contentType: string; dataBase64: string };
          return MAGIC[d.contentType]!(Buffer.from(d.dataBase64, 'base64'));
        },
      },
      deep: () =>
        fc.oneof(
          fc
            .tuple(fc.constantFrom('image/jpeg', 'image/png', 'application/pdf'), fc.uint8Array({ minLength: 1, maxLength: 4_000 }), fc.constantFrom('image/jpeg', 'image/png', 'application/pdf'))
            .map(([claimed, bytes, actual]) => {
              // the bytes of another type, or random bytes, under the claimed type
              const data = claimed === actual ? Buffer.from(bytes) : Buffer.concat([MAGIC_BYTES[actual]!, Buffer.from(bytes)]);
              return { claimed, data };
            })
            .filter(({ claimed, data }) => !MAGIC[claimed]!(data))
            .map(({ claimed, data }) => ({ detail: `${data.length} bytes that are not ${claimed}`, expect: [422], body: { kind: 'contract_scan', contentType: claimed, dataBase64: data.toString('base64') } })),
          printableText(1, 64).map((consentId) => ({
            detail: `an ID photo under an unknown consent ${JSON.stringify(consentId.slice(0, 20))}`,
            expect: [403, 404, 409, 422],
            body: { kind: 'id_photo', consentId, contentType: 'image/png', dataBase64: Buffer.concat([MAGIC_BYTES['image/png']!, Buffer.alloc(64, 1)]).toString('base64') },
          })),
        ),
    },
  },
  '/api/materials/:id': { GET: { as: 'hr', denied: ['hrB', 'wechat'], params: (ctx) => ({ id: ctx.materialId }) } },
  '/api/notifications/subscriptions': {
    GET: { as: 'hr' },
    POST: {
      as: 'hr',
      json: true,
      body: { valid: (ctx) => ({ requestId: 'fuzz-request-0001', answers: { [ctx.templateId]: 'accept' }, trigger: 'submit', askedAt: `${ctx.today}T08:00:00+08:00` }), isValid: bodySchemaOracle(ZSubscribeReportSchema) },
      deep: (ctx) =>
        fc
          .tuple(fc.uuid(), fc.uniqueArray(fc.stringMatching(/^[A-Za-z0-9_-]{8,64}$/), { minLength: 1, maxLength: 3 }), fc.constantFrom('accept', 'reject', 'ban', 'filter'))
          .filter(([, ids]) => !ids.includes(ctx.templateId) && !ids.some((i) => i.startsWith('SimTpl')))
          .map(([id, ids, answer]) => ({ detail: `templates that are not ours: ${ids.join(', ').slice(0, 60)}`, expect: [422], body: { requestId: `fuzz-${id}`, answers: Object.fromEntries(ids.map((i) => [i, answer])), trigger: 'submit' } })),
    },
  },
  '/api/queue/items': { POST: { as: 'queue', body: { valid: (ctx) => ({ applicationId: ctx.appId, item: '*' }), isValid: bodySchemaOracle(zod.strictObject({ applicationId: zod.string().min(1).max(64), item: zod.union([ZItemCodeSchema, zod.literal('*')]) })) } } },
  '/api/queue/notify': {
    POST: {
      as: 'queue',
      body: {
        valid: (ctx) => ({ id: 'fuzz-notification-1', applicationId: ctx.appId, audience: 'hr', template: 'progress', milestones: ['filed'], title: '办理进度通知', body: '已受理', values: { thing1: '社保参保' }, page: '/packageHire/pages/timeline/index', at: `${ctx.today}T08:00:00.000Z` }),
        isValid: bodySchemaOracle(ZNotificationSchema),
      },
    },
  },
  '/api/me/card': { GET: { as: 'employee', denied: ['hr', 'clerk', 'wechat'] } },
  '/api/me/card/qr': { GET: { as: 'employee', denied: ['hr', 'clerk', 'wechat'] } },
  '/api/me/card/reveal/start': { POST: { as: 'employee', denied: ['hr', 'clerk', 'wechat'] } },
  '/api/me/card/reveal': {
    POST: {
      as: 'employee',
      denied: ['hr', 'clerk', 'wechat'],
      json: true,
      alwaysRefused: 'an unknown verifyId',
      body: { valid: () => ({ verifyId: 'fuzz-unknown-verify-id' }), isValid: bodySchemaOracle(ZCardRevealRequestSchema) },
      deep: () => fc.oneof(printableText(1, 128), oddString.filter((v) => v.length >= 1 && v.length <= 128)).map((verifyId) => ({ detail: 'an unknown verifyId', expect: [403, 404, 409, 422], body: { verifyId } })),
    },
  },
  '/api/card/verify': {
    POST: {
      as: 'terminal',
      json: true,
      alwaysRefused: 'a token that is not a signed card QR token',
      body: { valid: () => ({ token: 'fuzz.not-a-real.token' }), isValid: bodySchemaOracle(ZCardVerifyRequestSchema) },
      deep: (ctx) =>
        fc.oneof(
          // genuine signatures, but expired or issued in the future
          fc.tuple(b64url(16), fc.constantFrom('expired', 'not yet valid')).map(([holder, kind]) => {
            const { token } = kind === 'expired' ? signCardToken(ctx.cardQrSecret, holder, Date.now() - 3_600_000, 60) : signCardToken(ctx.cardQrSecret, holder, Date.now() + 3_600_000, 60);
            return { detail: `a genuine token, ${kind}`, expect: [422], body: { token } };
          }),
          // well-formed, signed with another secret
          fc.tuple(b64url(16), fc.uint8Array({ minLength: 32, maxLength: 32 })).map(([holder, key]) => ({ detail: 'a forged token', expect: [422], body: { token: signCardToken(Buffer.from(key), holder, Date.now()).token } })),
          // the right shape with odd parts
          fc.tuple(fc.constantFrom('hoc1', 'hoc0', 'HOC1', ''), printableText(0, 30), printableText(0, 20), fc.constantFrom('0', '999999999999', '-1', '1e9', ''), fc.constantFrom('0', '999999999999', 'x'), printableText(0, 50)).map((parts) => ({ detail: 'six odd parts', expect: [422], body: { token: parts.join('.') || 'x' } })),
        ),
    },
  },
  '/api/queue/licences': { POST: { as: 'queue', body: { valid: (ctx) => ({ applicationId: ctx.appId, kind: 'employment_certificate' }), isValid: bodySchemaOracle(ZLicenceMessageSchema) } } },
  '/api/queue/ledger': {
    POST: {
      as: 'queue',
      body: { valid: (ctx) => ({ events: [{ id: 'fuzz:event:1', type: 'fuzz.event', at: `${ctx.today}T08:00:00.000Z`, actor: 'fuzz', subject: { uscc: ctx.uscc }, data: { note: 'x' } }] }), isValid: bodySchemaOracle(ZLedgerMessageSchema) },
    },
  },
  '/api/queue/theme-export': { POST: { as: 'queue', body: { valid: () => ({ bucket: 1 }), isValid: bodySchemaOracle(zod.strictObject({ bucket: zod.number().int().min(0) })) } } },
  '/api/cron/theme-export': { GET: { as: 'cron' } },
  '/api/me/export': { GET: { as: 'employee', denied: ['hr', 'clerk', 'wechat'] } },
  '/api/queue/retention': { POST: { as: 'queue', body: { valid: (ctx) => ({ applicationId: ctx.appId }), isValid: bodySchemaOracle(ZRetentionMessageSchema) } } },
  '/api/cron/retention': { GET: { as: 'cron' } },
  '/api/ledger/checkpoint': { GET: { as: 'public' } },
  '/api/ledger/checkpoint/tick': { GET: { as: 'cron' }, POST: { as: 'cron' } },
  '/api/ledger/proof': {
    GET: {
      as: 'public',
      query: { valid: () => ({ index: '0' }), isValid: querySchemaOracle(ZProofQuerySchema), bad: { index: badCount, size: badCount } },
      deep: () =>
        fc.oneof(
          fc.constantFrom('1000000000', '999999999999999', '9007199254740991').map((index) => ({ detail: `index ${index} beyond the tree`, expect: [422], query: { index } })),
          fc.tuple(fc.integer({ min: 0, max: 2 ** 40 }), fc.integer({ min: 0, max: 1_000 })).map(([size, k]) => ({ detail: 'index not below size', expect: [422], query: { index: String(size + k), size: String(size) } })),
          fc.integer({ min: 1_000_000, max: 2 ** 48 }).map((size) => ({ detail: `size ${size} beyond the tree`, expect: [422], query: { index: '0', size: String(size) } })),
        ),
    },
  },
  '/api/ledger/consistency': {
    GET: {
      as: 'public',
      query: { valid: () => ({ from: '1' }), isValid: querySchemaOracle(ZConsistencyQuerySchema), bad: { from: badCount, to: badCount } },
      deep: () =>
        fc.oneof(
          fc.tuple(fc.integer({ min: 0, max: 2 ** 40 }), fc.integer({ min: 1, max: 1_000 })).map(([to, k]) => ({ detail: 'from after to', expect: [422], query: { from: String(to + k), to: String(to) } })),
          fc.integer({ min: 1_000_000, max: 2 ** 48 }).map((n) => ({ detail: `from ${n} beyond the tree`, expect: [422], query: { from: String(n) } })),
          fc.integer({ min: 1_000_000, max: 2 ** 48 }).map((n) => ({ detail: `to ${n} beyond the tree`, expect: [422], query: { from: '1', to: String(n) } })),
        ),
    },
  },
};
