/**
 * Who may do what. One table: a row per (endpoint, method, resource variant
 * — own or another party's), a column per caller (anonymous, HR of A, HR of
 * B, employee X, employee Y, window clerk, an HR contact of A revoked while
 * their session is still unexpired, and the machine credential of machine
 * endpoints); every cell is a request against the whole stack and its
 * status is asserted. A denied cell also asserts the error body's shape, its
 * Chinese message, and that nothing of the other party leaks. A guard fails
 * when a route × method of functions/routes.ts has no row.
 *
 * Then the credentials themselves are attacked: forged, altered, expired,
 * truncated and wrong-kind tokens, replays (session after revocation, WeChat
 * code, card QR token, 人脸核身 verifyId, 电子营业执照 authCode,
 * Idempotency-Key with another body, queue deliveries), and bad input.
 *
 * ACCESS_MATRIX_PRINT=1 prints the matrix (it is printed anyway when a cell
 * fails); ACCESS_MATRIX_WRITE=1 writes tests/integration/ACCESS-MATRIX.md.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ZAppErrorBodySchema, APP_ERROR_CODES, localToday, maskIdNumber, maskName, type TApplicationInput } from '../../domain';
import { issueSessionToken } from '../../functions/auth/session';
import { signCardToken } from '../../functions/card/token';
import { DEV_CLERK } from '../../functions/local/stack';
import { ledgerEvent } from '../../functions/ledger/testing';
import { ZEmployerConstantsSchema } from '../../functions/enterprise/profile';
import { ID_PHOTO_NOTICE } from '../../functions/materials/materials';
import { putInInbox } from '../../functions/notifications/inbox';
import { signDelivery } from '../../functions/queue/signing';
import { ROUTES } from '../../functions/routes';
import { DEMO_ENTERPRISES, DEMO_PEOPLE } from '../../functions/simulators/dataset';
import { SIM_SUBSCRIBE_TEMPLATES } from '../../functions/simulators/wechat';
import {
  cells,
  COLUMNS,
  consoleMatrix,
  countCells,
  isAllowed,
  markdownMatrix,
  parseCell,
  ROLES,
  rowKey,
  showCell,
  writeMarkdown,
  type TCell,
  type TCellOutcome,
  type TColumn,
  type TMatrixRowView,
  type TMethod,
  type TRole,
} from './access-matrix';
import { ApiClient, demoApplication, DEMO_PERSON, DEMO_USCC } from './client';
import { employeeOf, hrOf, sessionTokenPayload, startHarness, storedCardNo, waitFor, type THarness } from './harness';

jest.setTimeout(120_000);

const USCC_A = DEMO_USCC;
const USCC_B = DEMO_ENTERPRISES.buildingMaterials.uscc;
const PERSON_X = DEMO_PERSON;
const PERSON_Y = DEMO_PEOPLE.employeeB;
const CRON_SECRET = 'access-matrix-cron-secret-0123456789';
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('身份证件照片（访问矩阵测试）'.repeat(20))]);
const PDF = Buffer.from('%PDF-1.4\n% 劳动合同扫描件（访问矩阵测试）\n');

let h: THarness;
let hrA: ApiClient;
let hrA2: ApiClient;
let hrB: ApiClient;
let employeeX: ApiClient;
let employeeY: ApiClient;
let clerk: ApiClient;
let anonymous: ApiClient;
let revokedHrA: ApiClient;

/** What the rows refer to, made in beforeAll. */
interface TCtx {
  appA: string; // enterprise A's hire of person X
  appB: string; // enterprise B's hire of person Y
  formA: TApplicationInput;
  formB: TApplicationInput;
  materialA: string; // an ID photo uploaded by HR of A
  materialB: string; // an ID photo uploaded by HR of B
  constantsA: Record<string, unknown>;
  constantsB: Record<string, unknown>;
  memberA: string; // an HR contact of A that the matrix revokes (not a column)
  memberB: string;
  victimVerifyId: string; // another WeChat user's pending 人脸核身 (face passed), as X
  victimSub: string;
  victimMessage: string; // a message in the victim's inbox
  xSub: string;
  xMessage: string; // a message in X's inbox
  xReveal: string; // X's pending card-reveal 人脸核身 (face passed)
  yReveal: string;
  cardX: string; // full card numbers
  cardY: string;
}
const c = {} as TCtx;

const actor = (r: TRole): ApiClient => ({ anonymous, hrA, hrB, employeeX, employeeY, clerk, revokedHrA })[r];

// ── setup helpers ─────────────────────────────────────────────────────────

async function simFace(verifyId: string, outcome: 'pass' | 'fail' = 'pass') {
  const res = await fetch(`${h.stack.baseUrl}/sim/wechat/_dev/facial-verify`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ verifyId, outcome }) });
  if (res.status !== 200) throw new Error(`facial-verify ${res.status}`);
}

async function filled(api: ApiClient, uscc: string, person: { documentNumber: string; name: string }) {
  const ent = await api.get(`/api/autofill/enterprise?uscc=${uscc}`);
  const p = await api.get(`/api/autofill/person?idType=citizen_id&idNumber=${person.documentNumber}&name=${encodeURIComponent(person.name)}`);
  if (ent.status !== 200 || p.status !== 200) throw new Error(`autofill ${ent.status} ${p.status}`);
  return { employer: ent.body.values, person: p.body.values };
}

function formFor(values: Awaited<ReturnType<typeof filled>>, uscc: string, person: { documentNumber: string; name: string }): TApplicationInput {
  return demoApplication(values, localToday(), { employer: { uscc }, employee: { documentNumber: person.documentNumber, name: person.name } });
}

async function revoke(by: ApiClient, uscc: string, member: string) {
  const authCode = await by.elicenseCode(uscc, 'revoke');
  return by.post(`/api/enterprise/members/${member}/revoke`, { uscc, authCode });
}

const subOf = (api: ApiClient) => String(sessionTokenPayload(api.token!).sub);
const allDone = (r: { status: number; body: any }) => r.status === 200 && r.body.items.every((i: { state: string }) => i.state === 'done');

async function idPhoto(api: ApiClient, uscc?: string): Promise<string> {
  const consent = await api.post('/api/materials/consent', { kind: 'id_photo', noticeVersion: ID_PHOTO_NOTICE.version, accepted: true, ...(uscc ? { uscc } : {}) });
  const up = await api.post('/api/materials', { kind: 'id_photo', consentId: consent.body.consentId, contentType: 'image/jpeg', dataBase64: JPEG.toString('base64') });
  if (up.status !== 201) throw new Error(`upload ${up.status} ${JSON.stringify(up.body)}`);
  return up.body.materialId;
}

/** A pending card-reveal 人脸核身 of the holder, passed on the phone. */
async function revealSession(holder: ApiClient): Promise<string> {
  const start = await holder.post('/api/me/card/reveal/start');
  if (start.status !== 200) throw new Error(`reveal start ${start.status} ${JSON.stringify(start.body)}`);
  await simFace(start.body.verifyId);
  return start.body.verifyId;
}

async function qrOf(holder: ApiClient): Promise<string> {
  const qr = await holder.get('/api/me/card/qr');
  if (qr.status !== 200) throw new Error(`qr ${qr.status} ${JSON.stringify(qr.body)}`);
  return qr.body.token;
}

/** The constants as the profile shows them, as PUT takes them back (the schema's keys only). */
const constantsOf = (profile: { constants?: Record<string, unknown> }) =>
  Object.fromEntries(Object.entries(profile.constants ?? {}).filter(([k, v]) => k in ZEmployerConstantsSchema.shape && v !== null && v !== undefined));

/** A synthetic ledger event with a fresh id (ledgerEvent derives its time from the id's digits). */
let eventSeq = 0;
const freshEvent = (label: string) => ledgerEvent(`${label}-${(Date.now() % 1_000_000) * 100 + (eventSeq++ % 100)}`);

function notification(applicationId: string, title: string) {
  return {
    id: `acc-${randomUUID()}`,
    applicationId,
    audience: 'employee' as const,
    template: 'cardProgress' as const,
    milestones: [],
    title,
    body: '访问矩阵测试消息',
    values: {},
    page: 'pages/card/index',
    at: new Date().toISOString(),
  };
}

beforeAll(async () => {
  h = await startHarness({ checkpointIntervalMs: 300, overrides: { CRON_SECRET } });
  [hrA, hrA2, hrB, revokedHrA] = await Promise.all([hrOf(h, USCC_A), hrOf(h, USCC_A), hrOf(h, USCC_B), hrOf(h, USCC_A)]);
  const [memberA, memberB] = await Promise.all([hrOf(h, USCC_A), hrOf(h, USCC_B)]);
  c.memberA = subOf(memberA);
  c.memberB = subOf(memberB);
  // revoked before anything is filed: whatever it can still reach, it reached as a former member
  expect((await revoke(hrA, USCC_A, subOf(revokedHrA))).status).toBe(200);
  clerk = h.api();
  clerk.token = (await clerk.post('/api/auth/clerk-login', { username: DEV_CLERK.username, password: DEV_CLERK.password })).body.token;
  anonymous = h.api();

  c.formA = formFor(await filled(hrA, USCC_A, PERSON_X), USCC_A, PERSON_X);
  c.formB = formFor(await filled(hrB, USCC_B, PERSON_Y), USCC_B, PERSON_Y);
  const [fa, fb] = await Promise.all([
    hrA.post('/api/applications', c.formA, { 'idempotency-key': randomUUID() }),
    hrB.post('/api/applications', c.formB, { 'idempotency-key': randomUUID() }),
  ]);
  if (fa.status !== 201 || fb.status !== 201) throw new Error(`filing ${fa.status} ${fb.status} ${JSON.stringify(fb.body).slice(0, 600)}`);
  c.appA = fa.body.application.id;
  c.appB = fb.body.application.id;
  [employeeX, employeeY] = await Promise.all([employeeOf(h, PERSON_X), employeeOf(h, PERSON_Y)]);
  c.xSub = subOf(employeeX);

  // every item done: the cards exist, a rating may be given
  await Promise.all([waitFor(() => hrA.get(`/api/applications/${c.appA}`), allDone, 60_000, 300), waitFor(() => hrB.get(`/api/applications/${c.appB}`), allDone, 60_000, 300)]);
  [c.cardX, c.cardY] = await Promise.all([storedCardNo(h, c.appA), storedCardNo(h, c.appB)]);
  expect((await hrB.post(`/api/applications/${c.appB}/rating`, { level: '不满意', comment: '窗口排队时间较长' })).status).toBe(201);

  [c.materialA, c.materialB] = await Promise.all([idPhoto(hrA), idPhoto(hrB)]);
  const [pa, pb] = await Promise.all([hrA.get('/api/enterprise/profile'), hrB.get('/api/enterprise/profile')]);
  c.constantsA = constantsOf(pa.body);
  c.constantsB = constantsOf(pb.body);

  // messages: one in X's inbox, one in the inbox of a user who is no column
  const victim = await h.api().login(`victim-${randomUUID()}`);
  c.victimSub = subOf(victim);
  const [mx, mv] = [notification(c.appA, '员工甲的消息'), notification(c.appA, '受害人的私信标题')];
  await putInInbox(h.stack.deps, c.xSub, mx);
  await putInInbox(h.stack.deps, c.victimSub, mv);
  c.xMessage = mx.id;
  c.victimMessage = mv.id;
  // the victim starts a real-name verification as X and passes the face check: its verifyId is what others replay
  const vs = await victim.post('/api/employee/verify/start', { idType: 'citizen_id', idNumber: PERSON_X.documentNumber, name: PERSON_X.name });
  await simFace(vs.body.verifyId);
  c.victimVerifyId = vs.body.verifyId;
  [c.xReveal, c.yReveal] = await Promise.all([revealSession(employeeX), revealSession(employeeY)]);
});
afterAll(() => h?.close());

// ── sending a cell ────────────────────────────────────────────────────────

interface TCall {
  path: string;
  body?: unknown;
  /** A body sent exactly as given (queue deliveries are signed over the raw bytes). */
  raw?: string;
  headers?: Record<string, string>;
  /** Send no session token (the machine column carries its own credential). */
  noSession?: boolean;
}

interface TSent {
  status: number;
  text: string;
  json: any;
}

async function send(token: string | undefined, method: TMethod, call: TCall): Promise<TSent> {
  const body = call.raw ?? (call.body === undefined ? undefined : JSON.stringify(call.body));
  const res = await fetch(h.stack.baseUrl + call.path, {
    method,
    headers: {
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(token && !call.noSession ? { authorization: `Bearer ${token}` } : {}),
      ...call.headers,
    },
    body,
  });
  const buf = Buffer.from(await res.arrayBuffer());
  const text = buf.toString('utf8');
  let json: any;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, text, json };
}

/** A queue delivery to `/api/queue/<topic>`: signed for the machine column, unsigned (the user's Bearer only) for the others. */
function delivery(who: TColumn, topic: string, message: unknown, key = h.stack.env.QSTASH_CURRENT_SIGNING_KEY): TCall {
  const raw = JSON.stringify(message);
  const url = `${h.stack.env.PUBLIC_BASE_URL}/api/queue/${topic}`;
  return who === 'machine' ? { path: `/api/queue/${topic}`, raw, headers: { 'upstash-signature': signDelivery(key, url, raw) }, noSession: true } : { path: `/api/queue/${topic}`, raw };
}

/** A cron call: CRON_SECRET for the machine column; the users send their session token as the bearer. */
const cron = (who: TColumn, path: string): TCall => (who === 'machine' ? { path, headers: { authorization: `Bearer ${CRON_SECRET}` }, noSession: true } : { path });

// ── what must not leak ────────────────────────────────────────────────────

const partyOf = (side: 'A' | 'B') => {
  const [person, uscc, app, card, ent] = side === 'A' ? [PERSON_X, USCC_A, c.appA, c.cardX, DEMO_ENTERPRISES.energy.name] : [PERSON_Y, USCC_B, c.appB, c.cardY, DEMO_ENTERPRISES.buildingMaterials.name];
  return { personal: [person.documentNumber, person.name, maskName(person.name), maskIdNumber(person.documentNumber), card], business: [uscc, app, ent] };
};
/** The other party's data, as seen by a role: B's side for A's HR and X, A's side for B's HR and Y, both for the rest but the clerk. */
function othersOf(who: TColumn): string[] {
  const a = partyOf('A');
  const b = partyOf('B');
  if (who === 'hrA' || who === 'employeeX') return [...b.personal, ...b.business];
  if (who === 'hrB' || who === 'employeeY') return [...a.personal, ...a.business];
  if (who === 'clerk' || who === 'machine') return [];
  return [...a.personal, ...b.personal, ...a.business, ...b.business];
}
/** Never in a refusal: anyone's ID number, name (full or masked), card number or enterprise name. */
const refusalSecrets = () => [
  ...[PERSON_X, PERSON_Y].flatMap((p) => [p.documentNumber, p.name, maskName(p.name), maskIdNumber(p.documentNumber)]),
  c.cardX,
  c.cardY,
  DEMO_ENTERPRISES.energy.name,
  DEMO_ENTERPRISES.buildingMaterials.name,
];

// ── the matrix ────────────────────────────────────────────────────────────

interface TRow {
  method: TMethod;
  route: string;
  variant: string;
  expect: Record<TRole, TCell>;
  machine?: number;
  call: (who: TColumn, client: ApiClient | undefined) => TCall | Promise<TCall>;
  /** Each role acts through a fresh twin (a new user in the same role): the allowed cell changes the caller's roles. */
  twins?: boolean;
  /** Strings an allowed answer must not contain (default: none besides full ID numbers). */
  hidden?: (who: TColumn) => string[];
  /** The answer may carry a full ID number (the caller's own, or the number the caller typed). */
  showsId?: boolean;
  /** Checks after the cell; returns problems. */
  after?: (who: TColumn, res: TSent) => Promise<string[]>;
}

const QS_PERSON_X = () => `idType=citizen_id&idNumber=${PERSON_X.documentNumber}&name=${encodeURIComponent(PERSON_X.name)}`;
const ownEnterprise = (who: TColumn) => (who === 'hrB' ? 'B' : 'A');
const ownPerson = (who: TColumn) => (who === 'employeeY' ? PERSON_Y : PERSON_X);
const appOf = (side: 'A' | 'B') => (side === 'A' ? c.appA : c.appB);
const usccOf = (side: 'A' | 'B') => (side === 'A' ? USCC_A : USCC_B);
const ALL_USERS = '401 200 200 200 200 200 200';
const PUBLIC = '200 200 200 200 200 200 200';
const MACHINE_ONLY = '401 401 401 401 401 401 401';
const CLERK_ONLY = '401 403 403 403 403 200 403';
const EMPLOYEES_ONLY = '401 403 403 200 200 403 403';

/** A row per resource side: A's (enterprise A, person X) and B's (enterprise B, person Y). */
function sides(
  base: Omit<TRow, 'variant' | 'expect' | 'call' | 'hidden'> & { what: string | readonly [string, string]; a: string; b: string; call: (side: 'A' | 'B', who: TColumn, client: ApiClient | undefined) => TCall | Promise<TCall>; hidden?: (side: 'A' | 'B', who: TColumn) => string[] },
): TRow[] {
  const { what, a, b, call, hidden, ...rest } = base;
  return (['A', 'B'] as const).map((side) => ({
    ...rest,
    variant: `${side}’s ${typeof what === 'string' ? what : what[side === 'A' ? 0 : 1]}`,
    expect: cells(side === 'A' ? a : b),
    call: (who, client) => call(side, who, client),
    ...(hidden ? { hidden: (who: TColumn) => hidden(side, who) } : {}),
  }));
}

//                                anon  hrA  hrB  empX empY clerk revoked
const ROWS: TRow[] = [
  { method: 'GET', route: '/api/health', variant: 'public', expect: cells(PUBLIC), call: () => ({ path: '/api/health' }), hidden: () => [...refusalSecrets(), USCC_A, USCC_B, c.appA, c.appB] },
  { method: 'POST', route: '/api/auth/login', variant: 'a fresh WeChat code', expect: cells(PUBLIC), call: () => ({ path: '/api/auth/login', body: { code: `m-${randomUUID()}` } }) },
  { method: 'POST', route: '/api/auth/clerk-login', variant: 'the clerk’s password', expect: cells(PUBLIC), call: () => ({ path: '/api/auth/clerk-login', body: { username: DEV_CLERK.username, password: DEV_CLERK.password } }) },
  { method: 'GET', route: '/api/me', variant: 'own', expect: cells(ALL_USERS), call: () => ({ path: '/api/me' }), hidden: othersOf },
  { method: 'GET', route: '/api/me/records', variant: 'own hires', expect: cells(EMPLOYEES_ONLY), call: () => ({ path: '/api/me/records' }), hidden: othersOf },
  { method: 'GET', route: '/api/me/archive', variant: 'own file (一人一档)', expect: cells(EMPLOYEES_ONLY), call: () => ({ path: '/api/me/archive' }), hidden: othersOf },
  { method: 'GET', route: '/api/me/export', variant: 'own data export', expect: cells(EMPLOYEES_ONLY), call: () => ({ path: '/api/me/export' }), hidden: othersOf, showsId: true },
  { method: 'GET', route: '/api/me/messages', variant: 'own inbox', expect: cells(ALL_USERS), call: () => ({ path: '/api/me/messages' }), hidden: (who) => [...othersOf(who), '受害人的私信标题'] },
  {
    method: 'POST',
    route: '/api/me/messages/read',
    variant: 'another user’s message ids',
    expect: cells(ALL_USERS),
    call: () => ({ path: '/api/me/messages/read', body: { ids: [c.victimMessage] } }),
    after: async () => ((await h.stack.deps.redis.sismember(`${h.stack.deps.prefix}inbox:${c.victimSub}:unread`, c.victimMessage)) === 1 ? [] : ['the victim’s message was marked read by someone else']),
  },
  {
    method: 'POST',
    route: '/api/me/messages/read',
    variant: 'own messages (all)',
    expect: cells(ALL_USERS),
    call: () => ({ path: '/api/me/messages/read', body: { all: true } }),
    after: async (who) => {
      const unread = await h.stack.deps.redis.sismember(`${h.stack.deps.prefix}inbox:${c.xSub}:unread`, c.xMessage);
      return who === 'employeeX' && unread !== 0 ? ['X’s own message is still unread after X marked all read'] : [];
    },
  },
  { method: 'GET', route: '/api/enterprise/profile', variant: 'own enterprise', expect: cells('401 200 200 403 403 403 403'), call: () => ({ path: '/api/enterprise/profile' }), hidden: othersOf },
  {
    method: 'PUT',
    route: '/api/enterprise/profile',
    variant: 'own enterprise’s constants',
    expect: cells('401 200 200 403 403 403 403'),
    call: (who) => ({ path: '/api/enterprise/profile', body: who === 'hrB' ? c.constantsB : c.constantsA }),
  },
  {
    method: 'POST',
    route: '/api/enterprise/bind',
    variant: 'A’s fresh bind authorization (each role a fresh twin)',
    expect: cells('401 200 200 200 200 403 200'),
    twins: true,
    call: async () => ({ path: '/api/enterprise/bind', body: { uscc: USCC_A, authCode: await hrA.elicenseCode(USCC_A, 'bind') } }),
  },
  {
    method: 'POST',
    route: '/api/enterprise/bind',
    variant: 'a made-up authorization',
    expect: cells('401 403 403 403 403 403 403'),
    call: () => ({ path: '/api/enterprise/bind', body: { uscc: USCC_A, authCode: 'made-up-code-0001' } }),
  },
  ...sides({
    method: 'POST',
    route: '/api/enterprise/members/:member/revoke',
    what: 'HR contact, with the enterprise’s fresh revoke authorization',
    a: '401 200 403 403 403 403 403',
    b: '401 403 200 403 403 403 403',
    call: async (side) => ({ path: `/api/enterprise/members/${side === 'A' ? c.memberA : c.memberB}/revoke`, body: { uscc: usccOf(side), authCode: await hrA.elicenseCode(usccOf(side), 'revoke') } }),
  }),
  {
    method: 'POST',
    route: '/api/employee/verify/start',
    variant: 'as person X (公安 data match)',
    expect: cells('401 200 200 200 200 403 200'),
    call: () => ({ path: '/api/employee/verify/start', body: { idType: 'citizen_id', idNumber: PERSON_X.documentNumber, name: PERSON_X.name } }),
  },
  {
    method: 'POST',
    route: '/api/employee/verify/finish',
    variant: 'own verifyId, face passed (each role a fresh twin)',
    expect: cells('401 200 200 200 200 403 200'),
    twins: true,
    call: async (who, client) => {
      if (who === 'anonymous' || who === 'clerk') return { path: '/api/employee/verify/finish', body: { verifyId: c.victimVerifyId } };
      const person = ownPerson(who);
      const start = await client!.post('/api/employee/verify/start', { idType: 'citizen_id', idNumber: person.documentNumber, name: person.name });
      await simFace(start.body.verifyId);
      return { path: '/api/employee/verify/finish', body: { verifyId: start.body.verifyId } };
    },
  },
  {
    method: 'POST',
    route: '/api/employee/verify/finish',
    variant: 'another user’s verifyId, face passed',
    expect: cells('401 403 403 403 403 403 403'),
    call: () => ({ path: '/api/employee/verify/finish', body: { verifyId: c.victimVerifyId } }),
  },
  ...sides({
    method: 'GET',
    route: '/api/autofill/enterprise',
    what: 'USCC',
    a: '401 200 403 403 403 200 403',
    b: '401 403 200 403 403 200 403',
    call: (side) => ({ path: `/api/autofill/enterprise?uscc=${usccOf(side)}` }),
  }),
  {
    method: 'GET',
    route: '/api/autofill/person',
    variant: 'person X (number and name)',
    expect: cells('401 200 200 403 403 200 403'),
    showsId: true,
    call: () => ({ path: `/api/autofill/person?${QS_PERSON_X()}` }),
  },
  {
    method: 'POST',
    route: '/api/autofill/person',
    variant: 'person X (number and name in the body)',
    expect: cells('401 200 200 403 403 200 403'),
    showsId: true,
    call: () => ({ path: '/api/autofill/person', body: { idType: 'citizen_id', idNumber: PERSON_X.documentNumber, name: PERSON_X.name } }),
  },
  { method: 'GET', route: '/api/applications', variant: 'own enterprise’s list', expect: cells('401 200 200 403 403 422 403'), call: () => ({ path: '/api/applications' }), hidden: othersOf },
  {
    method: 'GET',
    route: '/api/applications',
    variant: '?uscc=A (HR: ignored, own list)',
    expect: cells('401 200 200 403 403 200 403'),
    call: () => ({ path: `/api/applications?uscc=${USCC_A}` }),
    hidden: othersOf,
  },
  ...sides({
    method: 'POST',
    route: '/api/applications',
    what: 'hire (valid form, fresh Idempotency-Key)',
    a: '401 201 403 403 403 201 403',
    b: '401 403 201 403 403 201 403',
    call: (side) => ({ path: '/api/applications', body: side === 'A' ? c.formA : c.formB, headers: { 'idempotency-key': randomUUID() } }),
  }),
  ...sides({
    method: 'GET',
    route: '/api/applications/:id',
    what: 'hire',
    a: '401 200 403 200 403 200 403',
    b: '401 403 200 403 200 200 403',
    call: (side) => ({ path: `/api/applications/${appOf(side)}` }),
    hidden: (_side, who) => othersOf(who),
  }),
  ...sides({
    method: 'POST',
    route: '/api/applications/:id/items/:code/correction',
    what: 'hire’s 养老 item (done: 409 once past the access check)',
    a: '401 409 403 403 403 409 403',
    b: '401 403 409 403 403 409 403',
    call: (side) => ({ path: `/api/applications/${appOf(side)}/items/pension_insurance/correction`, body: { changes: { laborFiling: { post: '电力运行值班员（补正）' } } } }),
  }),
  ...sides({
    method: 'GET',
    route: '/api/applications/:id/contract',
    what: 'hire’s generated contract (.docx)',
    a: '401 200 403 200 403 200 403',
    b: '401 403 200 403 200 200 403',
    call: (side) => ({ path: `/api/applications/${appOf(side)}/contract` }),
  }),
  ...sides({
    method: 'GET',
    route: '/api/applications/:id/rating',
    what: 'hire’s rating',
    a: '401 200 403 403 403 200 403',
    b: '401 403 200 403 403 200 403',
    call: (side) => ({ path: `/api/applications/${appOf(side)}/rating` }),
    hidden: (_side, who) => othersOf(who),
  }),
  ...sides({
    method: 'POST',
    route: '/api/applications/:id/rating',
    what: ['hire, rated 满意 (the first rating)', 'hire, rated again as it was (不满意, same comment)'],
    a: '401 201|200 403 403 403 403 403',
    b: '401 403 200 403 403 403 403',
    call: (side) => ({ path: `/api/applications/${appOf(side)}/rating`, body: side === 'A' ? { level: '满意' } : { level: '不满意', comment: '窗口排队时间较长' } }),
  }),
  { method: 'GET', route: '/api/clerk/queues', variant: 'department queue', expect: cells(CLERK_ONLY), call: () => ({ path: '/api/clerk/queues?department=hrss' }) },
  { method: 'GET', route: '/api/clerk/overdue', variant: 'overdue board', expect: cells(CLERK_ONLY), call: () => ({ path: '/api/clerk/overdue' }) },
  { method: 'GET', route: '/api/clerk/stats', variant: 'statistics', expect: cells(CLERK_ONLY), call: () => ({ path: '/api/clerk/stats' }) },
  { method: 'GET', route: '/api/clerk/ratings', variant: 'bad ratings', expect: cells(CLERK_ONLY), call: () => ({ path: '/api/clerk/ratings' }) },
  {
    method: 'POST',
    route: '/api/clerk/ratings/:id/follow-up',
    variant: 'B’s bad rating',
    expect: cells(CLERK_ONLY),
    call: () => ({ path: `/api/clerk/ratings/${c.appB}/follow-up`, body: { note: '已电话回访，增开窗口' } }),
  },
  ...sides({
    method: 'GET',
    route: '/api/archives/enterprise',
    what: 'enterprise file (一户一档)',
    a: '401 200 403 403 403 200 403',
    b: '401 403 200 403 403 200 403',
    call: (side) => ({ path: `/api/archives/enterprise?uscc=${usccOf(side)}` }),
    hidden: (_side, who) => othersOf(who),
  }),
  ...sides({
    method: 'POST',
    route: '/api/contracts/preview',
    what: 'draft form',
    a: '401 200 403 403 403 200 403',
    b: '401 403 200 403 403 200 403',
    call: (side) => ({ path: '/api/contracts/preview', body: side === 'A' ? c.formA : c.formB }),
  }),
  { method: 'GET', route: '/api/materials/consent', variant: 'the notice (public)', expect: cells(PUBLIC), call: () => ({ path: '/api/materials/consent' }) },
  ...sides({
    method: 'POST',
    route: '/api/materials/consent',
    what: 'ID-photo consent',
    a: '401 200 403 403 403 200 403',
    b: '401 403 200 403 403 200 403',
    call: (side) => ({ path: '/api/materials/consent', body: { kind: 'id_photo', uscc: usccOf(side), noticeVersion: ID_PHOTO_NOTICE.version, accepted: true } }),
  }),
  ...sides({
    method: 'POST',
    route: '/api/materials',
    what: 'contract scan upload',
    a: '401 201 403 403 403 201 403',
    b: '401 403 201 403 403 201 403',
    call: (side) => ({ path: '/api/materials', body: { kind: 'contract_scan', uscc: usccOf(side), contentType: 'application/pdf', dataBase64: PDF.toString('base64') } }),
  }),
  ...sides({
    method: 'GET',
    route: '/api/materials/:id',
    what: 'ID photo',
    a: '401 200 403 403 403 200 403',
    b: '401 403 200 403 403 200 403',
    call: (side) => ({ path: `/api/materials/${side === 'A' ? c.materialA : c.materialB}` }),
  }),
  { method: 'GET', route: '/api/notifications/subscriptions', variant: 'own templates', expect: cells(ALL_USERS), call: () => ({ path: '/api/notifications/subscriptions' }) },
  {
    method: 'POST',
    route: '/api/notifications/subscriptions',
    variant: 'own answers (办理进度)',
    expect: cells('401 200 200 200 200 403 403'),
    call: () => ({ path: '/api/notifications/subscriptions', body: { requestId: `req-${randomUUID()}`, answers: { [SIM_SUBSCRIBE_TEMPLATES.progress]: 'accept' }, trigger: 'submit' } }),
  },
  { method: 'GET', route: '/api/me/card', variant: 'own card', expect: cells(EMPLOYEES_ONLY), call: () => ({ path: '/api/me/card' }), hidden: othersOf },
  { method: 'GET', route: '/api/me/card/qr', variant: 'own card QR', expect: cells(EMPLOYEES_ONLY), call: () => ({ path: '/api/me/card/qr' }) },
  { method: 'POST', route: '/api/me/card/reveal/start', variant: 'own card', expect: cells(EMPLOYEES_ONLY), call: () => ({ path: '/api/me/card/reveal/start' }) },
  {
    method: 'POST',
    route: '/api/me/card/reveal',
    variant: 'own verifyId, face passed',
    expect: cells(EMPLOYEES_ONLY),
    hidden: othersOf,
    call: async (who) => ({ path: '/api/me/card/reveal', body: { verifyId: who === 'employeeX' ? await revealSession(employeeX) : who === 'employeeY' ? await revealSession(employeeY) : c.xReveal } }),
  },
  {
    method: 'POST',
    route: '/api/me/card/reveal',
    variant: 'another holder’s verifyId, face passed',
    expect: cells('401 403 403 403 403 403 403'),
    call: (who) => ({ path: '/api/me/card/reveal', body: { verifyId: who === 'employeeX' ? c.yReveal : c.xReveal } }),
  },
  {
    method: 'POST',
    route: '/api/card/verify',
    variant: 'X’s fresh QR token',
    expect: cells(MACHINE_ONLY),
    machine: 200,
    call: async (who) => ({
      path: '/api/card/verify',
      body: { token: await qrOf(employeeX) },
      ...(who === 'machine' ? { headers: { authorization: `Terminal ${h.stack.devTerminal.id}:${h.stack.devTerminal.key}` }, noSession: true } : {}),
    }),
  },
  { method: 'POST', route: '/api/queue/items', variant: 'A’s items message', expect: cells(MACHINE_ONLY), machine: 200, call: (who) => delivery(who, 'items', { applicationId: c.appA, item: '*' }) },
  { method: 'POST', route: '/api/queue/notify', variant: 'a notification for X', expect: cells(MACHINE_ONLY), machine: 200, call: (who) => delivery(who, 'notify', notification(c.appA, '队列通知')) },
  { method: 'POST', route: '/api/queue/licences', variant: 'X’s e-card licence', expect: cells(MACHINE_ONLY), machine: 200, call: (who) => delivery(who, 'licences', { applicationId: c.appA, kind: 'social_security_card' }) },
  { method: 'POST', route: '/api/queue/ledger', variant: 'a ledger event', expect: cells(MACHINE_ONLY), machine: 200, call: (who) => delivery(who, 'ledger', { events: [freshEvent('acc')] }) },
  { method: 'POST', route: '/api/queue/theme-export', variant: 'an export bucket', expect: cells(MACHINE_ONLY), machine: 200, call: (who) => delivery(who, 'theme-export', { bucket: 1 }) },
  { method: 'POST', route: '/api/queue/retention', variant: 'A’s ID-photo retention', expect: cells(MACHINE_ONLY), machine: 200, call: (who) => delivery(who, 'retention', { applicationId: c.appA }) },
  { method: 'GET', route: '/api/cron/theme-export', variant: 'cron', expect: cells(MACHINE_ONLY), machine: 200, call: (who) => cron(who, '/api/cron/theme-export') },
  { method: 'GET', route: '/api/cron/retention', variant: 'cron', expect: cells(MACHINE_ONLY), machine: 200, call: (who) => cron(who, '/api/cron/retention') },
  { method: 'GET', route: '/api/ledger/checkpoint/tick', variant: 'cron', expect: cells(MACHINE_ONLY), machine: 200, call: (who) => cron(who, '/api/ledger/checkpoint/tick') },
  { method: 'POST', route: '/api/ledger/checkpoint/tick', variant: 'cron', expect: cells(MACHINE_ONLY), machine: 200, call: (who) => cron(who, '/api/ledger/checkpoint/tick') },
  { method: 'GET', route: '/api/ledger/checkpoint', variant: 'public', expect: cells(PUBLIC), call: () => ({ path: '/api/ledger/checkpoint' }), hidden: () => [...refusalSecrets(), USCC_A, USCC_B, c.appA, c.appB] },
  { method: 'GET', route: '/api/ledger/proof', variant: 'public (entry 0)', expect: cells(PUBLIC), call: () => ({ path: '/api/ledger/proof?index=0' }), hidden: () => [...refusalSecrets(), USCC_A, USCC_B, c.appA, c.appB] },
  { method: 'GET', route: '/api/ledger/consistency', variant: 'public (from 1)', expect: cells(PUBLIC), call: () => ({ path: '/api/ledger/consistency?from=1' }), hidden: () => [...refusalSecrets(), USCC_A, USCC_B, c.appA, c.appB] },
];

const routed = new Set(ROUTES.map((r) => r.path));
const viewOf = (row: TRow): TMatrixRowView => ({
  method: row.method,
  route: row.route,
  variant: row.variant,
  cells: { ...row.expect, machine: row.machine === undefined ? null : parseCell(String(row.machine)) },
  ...(routed.has(row.route) ? {} : { skipped: 'route not in functions/routes.ts' }),
});
const outcomes = new Map<string, TCellOutcome>();

/** A new user in the same role as `who` (for rows whose allowed cell changes the caller). */
async function twinOf(who: TRole): Promise<ApiClient> {
  switch (who) {
    case 'hrA':
      return hrOf(h, USCC_A);
    case 'hrB':
      return hrOf(h, USCC_B);
    case 'employeeX':
      return employeeOf(h, PERSON_X);
    case 'employeeY':
      return employeeOf(h, PERSON_Y);
    case 'revokedHrA': {
      const twin = await hrOf(h, USCC_A);
      expect((await revoke(hrA, USCC_A, subOf(twin))).status).toBe(200);
      return twin;
    }
    default:
      return actor(who);
  }
}

function errorBodyProblems(res: TSent): string[] {
  const problems: string[] = [];
  const parsed = ZAppErrorBodySchema.safeParse(res.json);
  if (!parsed.success || Object.keys(res.json ?? {}).join() !== 'error') return [`error body is not { error: { code, message } }: ${res.text.slice(0, 200)}`];
  const { code, message } = parsed.data.error;
  if (APP_ERROR_CODES[code].status !== res.status) problems.push(`code ${code} is ${APP_ERROR_CODES[code].status}, answered ${res.status}`);
  if (!/[\u4e00-\u9fff]/.test(message)) problems.push(`message not in Chinese: ${message}`);
  return problems;
}

async function runCell(row: TRow, col: TColumn, cell: readonly number[]): Promise<TCellOutcome> {
  const client = col === 'machine' ? undefined : row.twins ? await twinOf(col) : actor(col);
  const call = await row.call(col, client);
  const res = await send(client?.token, row.method, call);
  const problems: string[] = [];
  if (!cell.includes(res.status)) problems.push(`answered ${res.status}, expected ${cell.join(' or ')}: ${res.text.slice(0, 300)}`);
  if (res.status >= 400) problems.push(...errorBodyProblems(res));
  const deniedCell = !isAllowed(cell);
  const secrets = deniedCell || res.status === 401 || res.status === 403 ? refusalSecrets() : [...(row.hidden?.(col) ?? []), ...(row.showsId ? [] : [PERSON_X.documentNumber, PERSON_Y.documentNumber])];
  for (const s of secrets) if (s && res.text.includes(s)) problems.push(`the answer contains “${s}”`);
  if (row.after) problems.push(...(await row.after(col, res)));
  return { status: res.status, ok: problems.length === 0, problems };
}

describe('access matrix', () => {
  for (const row of ROWS) {
    const view = viewOf(row);
    if (view.skipped) continue;
    describe(rowKey(row), () => {
      for (const col of COLUMNS) {
        const cell = view.cells[col];
        if (!cell) continue;
        it(`${col} → ${showCell(cell)}`, async () => {
          let outcome: TCellOutcome;
          try {
            outcome = await runCell(row, col, cell);
          } catch (error) {
            outcome = { status: 0, ok: false, problems: [`threw: ${(error as Error).stack ?? String(error)}`] };
          }
          outcomes.set(`${rowKey(row)} | ${col}`, outcome);
          expect(outcome.problems).toEqual([]);
        });
      }
    });
  }

  it('has a row for every route × method the server serves, and none for a route or method it does not', async () => {
    const served = new Set<string>();
    const answers: string[] = [];
    for (const r of ROUTES) {
      const path = r.path.replace(/:[a-zA-Z]+/g, 'x');
      const res = await fetch(h.stack.baseUrl + path, { method: 'PATCH' });
      const allow = res.headers.get('allow');
      if (res.status !== 405 || !allow) answers.push(`${r.path}: PATCH answered ${res.status} without Allow`);
      for (const m of (allow ?? '').split(',').map((s) => s.trim()).filter(Boolean)) served.add(`${m} ${r.path}`);
    }
    expect(answers).toEqual([]);
    const inTable = new Set(ROWS.map((r) => `${r.method} ${r.route}`));
    expect([...served].filter((k) => !inTable.has(k)).sort()).toEqual([]); // a route or method without a row
    expect([...inTable].filter((k) => !served.has(k)).sort()).toEqual([]); // a row for nothing
    // every row has a cell for each role
    for (const row of ROWS) expect(ROLES.filter((r) => row.expect[r] === undefined)).toEqual([]);
  });

  afterAll(() => {
    const views = ROWS.map(viewOf);
    const failed = [...outcomes.values()].some((o) => !o.ok);
    if (failed || process.env.ACCESS_MATRIX_PRINT === '1') {
      // eslint-disable-next-line no-console
      console.table(consoleMatrix(views, outcomes));
    }
    if (process.env.ACCESS_MATRIX_WRITE === '1') writeMarkdown(markdownMatrix(views, outcomes));
  });
});

// ── the credentials, attacked ─────────────────────────────────────────────

describe('session tokens', () => {
  const at = (token: string | undefined, path = `/api/applications/${c.appA}`, extra: Record<string, string> = {}) =>
    fetch(`${h.stack.baseUrl}${path}`, { headers: { ...(token !== undefined ? { authorization: token } : {}), ...extra } });

  it('refuses a forged, altered, expired, truncated, garbage or missing token with 401 and a Chinese message', async () => {
    const secret = h.stack.env.SESSION_SECRET;
    const forged = issueSessionToken({ sub: 'clerk:clerk01', kind: 'clerk' }, Buffer.alloc(32, 9).toString('base64'), 3600).token;
    // another secret of this very deployment (the card QR key) does not sign sessions
    const keyConfused = issueSessionToken({ sub: 'clerk:clerk01', kind: 'clerk' }, h.stack.env.CARD_QR_SECRET, 3600).token;
    const expired = issueSessionToken({ sub: 'clerk:clerk01', kind: 'clerk' }, secret, 60, Date.now() - 3_600_000).token;
    const altered = clerk.token!.slice(0, -3) + (clerk.token!.endsWith('AAA') ? 'BBB' : 'AAA');
    // HR B's signature over a payload naming HR A: the payload changed, the signature did not
    const [, , sigB] = hrB.token!.split('.');
    const [v, bodyA] = hrA.token!.split('.');
    const swapped = `${v}.${bodyA}.${sigB}`;
    const unsigned = `${v}.${bodyA}.`;
    const noSignature = `${v}.${bodyA}`;
    const otherVersion = `v2.${bodyA}.${hrA.token!.split('.')[2]}`;
    const tokens: [string, string | undefined][] = [
      ['forged', `Bearer ${forged}`],
      ['key-confused', `Bearer ${keyConfused}`],
      ['expired', `Bearer ${expired}`],
      ['altered', `Bearer ${altered}`],
      ['swapped signature', `Bearer ${swapped}`],
      ['unsigned', `Bearer ${unsigned}`],
      ['no signature', `Bearer ${noSignature}`],
      ['other version', `Bearer ${otherVersion}`],
      ['garbage', 'Bearer garbage'],
      ['empty bearer', 'Bearer '],
      ['basic scheme', `Basic ${Buffer.from('clerk01:window-2026').toString('base64')}`],
      ['no scheme', hrA.token!],
      ['token scheme', `Token ${hrA.token}`],
      ['missing', undefined],
    ];
    for (const [what, header] of tokens) {
      const res = await at(header);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect([what, res.status, body.error.code, /[\u4e00-\u9fff]/.test(body.error.message)]).toEqual([what, 401, 'UNAUTHENTICATED', true]);
    }
    // an expired token says so
    expect(((await (await at(`Bearer ${expired}`)).json()) as any).error.message).toContain('过期');
  });

  it('takes the session only from the Authorization header (not a query string or a cookie)', async () => {
    for (const res of [await at(undefined, `/api/applications/${c.appA}?token=${hrA.token}`), await at(undefined, `/api/applications/${c.appA}`, { cookie: `token=${hrA.token}; session=${hrA.token}` })]) {
      expect(res.status).toBe(401);
    }
  });

  it('refuses a token of the wrong kind for the endpoint', async () => {
    // a clerk's session where a WeChat user is needed
    expect((await clerk.get('/api/me/card')).status).toBe(403);
    expect((await clerk.post('/api/employee/verify/start', { idType: 'citizen_id', idNumber: PERSON_X.documentNumber, name: PERSON_X.name })).status).toBe(403);
    expect((await clerk.post('/api/me/card/reveal/start')).status).toBe(403);
    expect((await clerk.post('/api/enterprise/bind', { uscc: USCC_A, authCode: await hrA.elicenseCode(USCC_A, 'bind') })).status).toBe(403);
    // a WeChat user's session where a clerk is needed
    expect((await hrA.get('/api/clerk/queues?department=hrss')).status).toBe(403);
    // sessions are not machine credentials, and machine credentials are not sessions
    const terminal = `Terminal ${h.stack.devTerminal.id}:${h.stack.devTerminal.key}`;
    expect((await at(terminal, '/api/me')).status).toBe(401);
    expect((await at(`Bearer ${CRON_SECRET}`, '/api/me')).status).toBe(401);
    const qr = await qrOf(employeeX);
    expect((await at(`Bearer ${qr}`, '/api/me')).status).toBe(401);
    const url = `${h.stack.env.PUBLIC_BASE_URL}/api/queue/items`;
    expect((await at(`Bearer ${signDelivery(h.stack.env.QSTASH_CURRENT_SIGNING_KEY, url, '{}')}`, '/api/me')).status).toBe(401);
    for (const token of [hrA.token, clerk.token, employeeX.token]) {
      expect((await at(`Bearer ${token}`, '/api/cron/theme-export')).status).toBe(401);
      const card = await fetch(`${h.stack.baseUrl}/api/card/verify`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ token: qr }) });
      expect(card.status).toBe(401);
      expect(card.headers.get('www-authenticate')).toContain('Terminal');
    }
    // a terminal id with another terminal's key, or the right id with a made-up key
    for (const bad of [`Terminal T-OTHER-0001:${h.stack.devTerminal.key}`, `Terminal ${h.stack.devTerminal.id}:${'k'.repeat(32)}`, `Terminal ${h.stack.devTerminal.id}`]) {
      const card = await fetch(`${h.stack.baseUrl}/api/card/verify`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: bad }, body: JSON.stringify({ token: qr }) });
      expect(card.status).toBe(401);
    }
    // the QR refused before the terminal was known is still usable once
    const ok = await fetch(`${h.stack.baseUrl}/api/card/verify`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: terminal }, body: JSON.stringify({ token: qr }) });
    expect(ok.status).toBe(200);
  });

  it('takes away a revoked HR contact’s access at once, on every endpoint, with the same unexpired token', async () => {
    const contact = await hrOf(h, USCC_A);
    const reach = async () =>
      Promise.all(
        [
          `/api/applications/${c.appA}`,
          '/api/applications',
          `/api/autofill/enterprise?uscc=${USCC_A}`,
          `/api/autofill/person?${QS_PERSON_X()}`,
          `/api/materials/${c.materialA}`,
          `/api/archives/enterprise?uscc=${USCC_A}`,
          `/api/applications/${c.appA}/rating`,
          `/api/applications/${c.appA}/contract`,
          '/api/enterprise/profile',
        ].map(async (p) => [p, (await contact.get(p)).status]),
      );
    expect((await reach()).every(([, s]) => s === 200)).toBe(true);
    const token = contact.token;
    expect((await revoke(hrA, USCC_A, subOf(contact))).status).toBe(200);
    expect(contact.token).toBe(token); // the very same token, replayed
    expect((await reach()).filter(([, s]) => s !== 403)).toEqual([]);
    const filing = await contact.post('/api/applications', c.formA, { 'idempotency-key': randomUUID() });
    expect(filing.status).toBe(403);
    // still a valid session, with no role left
    expect((await contact.get('/api/me')).body.roles).toEqual([]);
  });

  it('takes away a removed clerk account’s access at once, with the same unexpired token', async () => {
    const token = clerk.token!;
    const deps = h.stack.deps;
    const accounts = deps.clerks;
    expect((await clerk.get('/api/clerk/stats')).status).toBe(200);
    deps.clerks = accounts.filter((a) => a.username !== DEV_CLERK.username); // the account is removed from CLERK_ACCOUNTS
    try {
      for (const p of ['/api/clerk/stats', `/api/applications/${c.appA}`, `/api/materials/${c.materialA}`, '/api/me']) {
        const res = await at(`Bearer ${token}`, p);
        expect([p, res.status]).toEqual([p, 401]);
      }
    } finally {
      deps.clerks = accounts;
    }
    expect((await clerk.get('/api/clerk/stats')).status).toBe(200);
  });

  it('a WeChat code works once (replay refused)', async () => {
    const code = `once-${randomUUID()}`;
    expect((await h.api().post('/api/auth/login', { code })).status).toBe(200);
    const replay = await h.api().post('/api/auth/login', { code });
    expect(replay.status).toBe(401); // WeChat's 40163, not a 500
    expect(replay.body.error).toMatchObject({ code: 'UNAUTHENTICATED', message: expect.stringMatching(/[\u4e00-\u9fff]/) });
    expect(replay.body.token).toBeUndefined();
  });

  it('refuses a wrong clerk password without saying which part was wrong', async () => {
    const a = await h.api().post('/api/auth/clerk-login', { username: DEV_CLERK.username, password: 'nope' });
    const b = await h.api().post('/api/auth/clerk-login', { username: 'nobody', password: 'nope' });
    expect([a.status, b.status]).toEqual([401, 401]);
    expect(a.body.error.message).toBe(b.body.error.message);
  });
});

describe('replays', () => {
  const terminal = () => `Terminal ${h.stack.devTerminal.id}:${h.stack.devTerminal.key}`;
  const verifyCard = (token: string) =>
    fetch(`${h.stack.baseUrl}/api/card/verify`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: terminal() }, body: JSON.stringify({ token }) }).then(async (r) => ({ status: r.status, body: (await r.json()) as any }));

  it('accepts a card QR token once: a replay is 409, a forged or key-confused one 422, and nothing leaks', async () => {
    const token = await qrOf(employeeX);
    const first = await verifyCard(token);
    expect(first.status).toBe(200);
    expect(first.body.holder.name).toBe(maskName(PERSON_X.name));
    const again = await verifyCard(token);
    expect(again.status).toBe(409);
    expect(again.body.error.fields[0]).toMatchObject({ path: ['token'], code: 'replayed' });
    // signed with the session key instead of the QR key, or with a made-up key
    const holder = token.split('.')[1]!;
    for (const secret of [Buffer.from(h.stack.env.SESSION_SECRET, 'base64'), Buffer.alloc(32, 7)]) {
      const fake = signCardToken(secret, holder, Date.now()).token;
      const res = await verifyCard(fake);
      expect(res.status).toBe(422);
      expect(JSON.stringify(res.body)).not.toContain(PERSON_X.name.slice(0, 2) + '员工');
    }
    expect((await verifyCard(hrA.token!)).status).toBe(422); // a session token is not a QR token
    for (const res of [again, first]) expect(JSON.stringify(res.body)).not.toContain(c.cardX);
  });

  it('uses a 人脸核身 verifyId once: finishing again, or another user finishing it, is refused', async () => {
    const phone = await h.api().login(`replay-${randomUUID()}`);
    const start = await phone.post('/api/employee/verify/start', { idType: 'citizen_id', idNumber: PERSON_Y.documentNumber, name: PERSON_Y.name });
    await simFace(start.body.verifyId);
    expect((await employeeX.post('/api/employee/verify/finish', { verifyId: start.body.verifyId })).status).toBe(403); // not theirs: untouched
    expect((await phone.post('/api/employee/verify/finish', { verifyId: start.body.verifyId })).status).toBe(200);
    const replay = await phone.post('/api/employee/verify/finish', { verifyId: start.body.verifyId });
    expect(replay.status).toBe(404);
    expect(replay.body.error.message).toMatch(/[\u4e00-\u9fff]/);
    // the victim of the matrix's replays can still finish their own
    const victimFinish = await fetch(`${h.stack.baseUrl}/api/employee/verify/finish`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${issueSessionToken({ sub: c.victimSub, kind: 'wechat' }, h.stack.env.SESSION_SECRET, 600).token}` },
      body: JSON.stringify({ verifyId: c.victimVerifyId }),
    });
    expect(victimFinish.status).toBe(200);
  });

  it('a failed face check gives no role', async () => {
    const phone = await h.api().login(`fail-${randomUUID()}`);
    const start = await phone.post('/api/employee/verify/start', { idType: 'citizen_id', idNumber: PERSON_X.documentNumber, name: PERSON_X.name });
    await simFace(start.body.verifyId, 'fail');
    expect((await phone.post('/api/employee/verify/finish', { verifyId: start.body.verifyId })).status).toBe(403);
    expect((await phone.get('/api/me/records')).status).toBe(403);
    expect((await phone.get('/api/me')).body.roles).toEqual([]);
  });

  it('reveals a card number once per 人脸核身, only to its holder; the holders’ sessions survived the others’ attempts', async () => {
    const x = await employeeX.post('/api/me/card/reveal', { verifyId: c.xReveal });
    expect(x.status).toBe(200);
    expect(x.body.cardNo).toBe(c.cardX);
    const replay = await employeeX.post('/api/me/card/reveal', { verifyId: c.xReveal });
    expect(replay.status).toBe(404);
    expect(JSON.stringify(replay.body)).not.toContain(c.cardX);
    // another phone verified as the same person X cannot use X's verifyId either
    const otherPhoneOfX = await employeeOf(h, PERSON_X);
    expect((await otherPhoneOfX.post('/api/me/card/reveal', { verifyId: c.yReveal })).status).toBe(403);
    const y = await employeeY.post('/api/me/card/reveal', { verifyId: c.yReveal });
    expect([y.status, y.body.cardNo]).toEqual([200, c.cardY]);
  });

  it('uses an 电子营业执照 authCode once, for its purpose and enterprise only', async () => {
    const api = await h.api().login(`bind-${randomUUID()}`);
    expect((await api.post('/api/enterprise/bind', { uscc: USCC_A, authCode: 'made-up-code' })).status).toBe(403);
    const code = await api.elicenseCode(USCC_A, 'bind');
    expect((await api.post('/api/enterprise/bind', { uscc: USCC_B, authCode: code })).status).toBe(403); // another enterprise's code
    const code2 = await api.elicenseCode(USCC_A, 'bind');
    expect((await api.post('/api/enterprise/bind', { uscc: USCC_A, authCode: code2 })).status).toBe(200);
    expect((await api.post('/api/enterprise/bind', { uscc: USCC_A, authCode: code2 })).status).toBe(403); // used
    // a revoke code: once; not a bind code; not for another enterprise's member
    const target = await hrOf(h, USCC_A);
    const revokeCode = await hrA.elicenseCode(USCC_A, 'revoke');
    expect((await api.post('/api/enterprise/bind', { uscc: USCC_A, authCode: revokeCode })).status).toBe(403); // a revoke code does not bind
    const revokeCode2 = await hrA.elicenseCode(USCC_A, 'revoke');
    expect((await hrA.post(`/api/enterprise/members/${subOf(target)}/revoke`, { uscc: USCC_A, authCode: revokeCode2 })).status).toBe(200);
    const other = await hrOf(h, USCC_A);
    expect((await hrA.post(`/api/enterprise/members/${subOf(other)}/revoke`, { uscc: USCC_A, authCode: revokeCode2 })).status).toBe(403); // used
    expect((await other.get('/api/applications')).status).toBe(200);
  });

  it('refuses an Idempotency-Key replayed with another body, without returning the first filing', async () => {
    const key = `acc-${randomUUID()}`;
    const first = await hrA.post('/api/applications', c.formA, { 'idempotency-key': key });
    expect(first.status).toBe(201);
    const id = first.body.application.id;
    const same = await hrA.post('/api/applications', c.formA, { 'idempotency-key': key });
    expect([same.status, same.body.application.id]).toEqual([200, id]);
    const changed = { ...c.formA, laborFiling: { ...c.formA.laborFiling, post: '变电运维值班员' } };
    for (const who of [hrA, hrA2]) {
      const other = await who.post('/api/applications', changed, { 'idempotency-key': key });
      expect(other.status).toBe(409);
      expect(other.body.error.code).toBe('CONFLICT');
      for (const s of [id, PERSON_X.name, maskName(PERSON_X.name), maskIdNumber(PERSON_X.documentNumber)]) expect(JSON.stringify(other.body)).not.toContain(s);
    }
    // another enterprise's key space: B's filing under the same key is B's own, never A's
    const b = await hrB.post('/api/applications', c.formB, { 'idempotency-key': key });
    expect(b.status).toBe(201);
    expect(b.body.application.id).not.toBe(id);
    expect(b.body.application.uscc).toBe(USCC_B);
    // HR B cannot fetch A's filing by replaying A's key with A's form
    const stolen = await hrB.post('/api/applications', c.formA, { 'idempotency-key': key });
    expect(stolen.status).toBe(403);
    expect(JSON.stringify(stolen.body)).not.toContain(id);
  });

  it('does not cross verifyIds between the two 人脸核身 uses (real-name binding and card reveal)', async () => {
    const phone = await h.api().login(`cross-${randomUUID()}`);
    const start = await phone.post('/api/employee/verify/start', { idType: 'citizen_id', idNumber: PERSON_X.documentNumber, name: PERSON_X.name });
    await simFace(start.body.verifyId);
    // X (a card holder) presents someone's real-name verifyId as a card-reveal one
    const asReveal = await employeeX.post('/api/me/card/reveal', { verifyId: start.body.verifyId });
    expect(asReveal.status).toBe(404);
    expect(JSON.stringify(asReveal.body)).not.toContain(c.cardX);
    // a card-reveal verifyId presented as a real-name one
    const reveal = await revealSession(employeeX);
    expect((await phone.post('/api/employee/verify/finish', { verifyId: reveal })).status).toBe(404);
    expect((await phone.get('/api/me')).body.roles).toEqual([]);
  });

  describe('queue deliveries', () => {
    const url = (topic: string) => `${h.stack.env.PUBLIC_BASE_URL}/api/queue/${topic}`;
    const deliver = (topic: string, raw: string, signature?: string) =>
      fetch(url(topic).replace(h.stack.env.PUBLIC_BASE_URL, h.stack.baseUrl), { method: 'POST', headers: { 'content-type': 'application/json', ...(signature ? { 'upstash-signature': signature } : {}) }, body: raw });

    it('processes a replayed delivery once, and refuses forged, re-targeted, altered, expired and missing signatures', async () => {
      const ledger = h.stack.deps.ledger;
      const before = await ledger.size();
      // other events are appended meanwhile (the filings' items run): count this event's own entries
      const copiesOf = async (id: string) => (await ledger.entries(before, await ledger.size())).filter((e) => e.event.id === id).length;
      const event = freshEvent('acc-replay');
      const raw = JSON.stringify({ events: [event] });
      const key = h.stack.env.QSTASH_CURRENT_SIGNING_KEY;
      const signature = signDelivery(key, url('ledger'), raw);
      expect((await deliver('ledger', raw, signature)).status).toBe(200);
      expect((await deliver('ledger', raw, signature)).status).toBe(200); // the very same delivery again
      expect(await copiesOf(event.id)).toBe(1);
      const altered = raw.replace('acc-replay', 'acc-altered');
      const refused: [string, Response][] = [
        ['forged key', await deliver('ledger', raw, signDelivery('sig_forged_0123456789abcdef', url('ledger'), raw))],
        ['session secret as key', await deliver('ledger', raw, signDelivery(h.stack.env.SESSION_SECRET, url('ledger'), raw))],
        ['signed for another topic', await deliver('ledger', raw, signDelivery(key, url('items'), raw))],
        ['altered body', await deliver('ledger', altered, signature)],
        ['expired', await deliver('ledger', raw, signDelivery(key, url('ledger'), raw, Date.now() - 3_600_000, 300))],
        ['missing', await deliver('ledger', raw)],
        ['garbage', await deliver('ledger', raw, 'not.a.jwt')],
      ];
      for (const [what, res] of refused) {
        const body = (await res.json()) as { error: { code: string; message: string } };
        expect([what, res.status, body.error.code, /[\u4e00-\u9fff]/.test(body.error.message)]).toEqual([what, 401, 'UNAUTHENTICATED', true]);
      }
      expect(await copiesOf(event.id)).toBe(1);
      expect(await copiesOf((JSON.parse(altered) as { events: { id: string }[] }).events[0]!.id)).toBe(0);
      // the next key of a rotation is accepted
      const next = freshEvent('acc-next');
      const raw2 = JSON.stringify({ events: [next] });
      expect((await deliver('ledger', raw2, signDelivery(h.stack.env.QSTASH_NEXT_SIGNING_KEY, url('ledger'), raw2))).status).toBe(200);
      expect(await copiesOf(next.id)).toBe(1);
    });

    it('a cron route refuses every call without its secret', async () => {
      for (const header of [undefined, 'Bearer ', `Bearer ${CRON_SECRET}x`, `Bearer ${CRON_SECRET.slice(0, -1)}`, `Basic ${CRON_SECRET}`]) {
        const res = await fetch(`${h.stack.baseUrl}/api/cron/theme-export`, { headers: header ? { authorization: header } : {} });
        expect([header, res.status]).toEqual([header, 401]);
      }
    });
  });
});

describe('listing', () => {
  it('shows an enterprise list only its own hires, masked', async () => {
    const a = await hrA.get('/api/applications');
    const b = await hrB.get('/api/applications');
    expect(a.body.items.map((i: { id: string }) => i.id)).toContain(c.appA);
    expect(a.body.items.map((i: { id: string }) => i.id)).not.toContain(c.appB);
    expect(b.body.items.map((i: { id: string }) => i.id)).toContain(c.appB);
    expect(b.body.items.map((i: { id: string }) => i.id)).not.toContain(c.appA);
    expect(JSON.stringify(a.body)).not.toContain(PERSON_X.documentNumber);
    // a clerk names the enterprise
    const forA = await clerk.get(`/api/applications?uscc=${USCC_A}`);
    expect(forA.body.items.map((i: { id: string }) => i.id)).toContain(c.appA);
  });

  it('refuses HR B filing a hire for enterprise A even with a valid form', async () => {
    const res = await hrB.post('/api/applications', c.formA, { 'idempotency-key': randomUUID() });
    expect(res.status).toBe(403);
  });
});

describe('another party’s data through the side doors', () => {
  it('auto-fills a person only when number and name match 公安 data', async () => {
    const wrongName = await hrB.get(`/api/autofill/person?idType=citizen_id&idNumber=${PERSON_X.documentNumber}&name=${encodeURIComponent('张三')}`);
    expect(wrongName.status).toBe(200);
    const keys = Object.keys(wrongName.body.values).sort();
    // only what the number itself carries: no 公安 or 学历 data of X
    expect(keys.filter((k) => !['birthDate', 'documentType', 'sex'].includes(k))).toEqual([]);
    expect(JSON.stringify(wrongName.body)).not.toContain(PERSON_X.name);
    expect(wrongName.body.problems.map((x: { kind: string }) => x.kind)).toContain('not_matched');
  });

  it('refuses another user’s consent and another enterprise’s material in one’s own filing', async () => {
    const consentB = await hrB.post('/api/materials/consent', { kind: 'id_photo', noticeVersion: ID_PHOTO_NOTICE.version, accepted: true });
    const up = await hrA.post('/api/materials', { kind: 'id_photo', consentId: consentB.body.consentId, contentType: 'image/jpeg', dataBase64: JPEG.toString('base64') });
    expect(up.status).toBe(403);
    const filing = await hrA.post(
      '/api/applications',
      { ...c.formA, materials: { identityDocument: [c.materialB], laborContract: { mode: 'generated' } } },
      { 'idempotency-key': randomUUID() },
    );
    expect(filing.status).toBe(422);
    expect(filing.body.error.fields[0].path).toEqual(['materials', 'identityDocument', 0]);
    for (const s of refusalSecrets()) expect(JSON.stringify(filing.body)).not.toContain(s);
    // B's photo is still B's alone
    expect((await hrA.get(`/api/materials/${c.materialB}`)).status).toBe(403);
    expect((await hrB.get(`/api/materials/${c.materialB}`)).status).toBe(200);
  });
});

describe('notifications follow membership', () => {
  const hrNotice = (applicationId: string) => ({ ...notification(applicationId, '企业办理进度（访问矩阵）'), audience: 'hr' as const, template: 'progress' as const });
  const notify = async (n: ReturnType<typeof hrNotice>) => {
    const call = delivery('machine', 'notify', n);
    expect((await send(undefined, 'POST', call)).status).toBe(200);
  };
  const inboxHas = async (api: ApiClient, id: string) => ((await api.get('/api/me/messages?limit=50')).body.items ?? []).some((m: { id: string }) => m.id === id);

  it('a revoked HR contact hears nothing more about the hires they filed; the enterprise’s active contacts do', async () => {
    const filer = await hrOf(h, USCC_A);
    const filed = await filer.post('/api/applications', c.formA, { 'idempotency-key': randomUUID() });
    expect(filed.status).toBe(201);
    const before = hrNotice(filed.body.application.id);
    await notify(before);
    expect(await inboxHas(filer, before.id)).toBe(true);
    expect((await revoke(hrA, USCC_A, subOf(filer))).status).toBe(200);
    const after = hrNotice(filed.body.application.id);
    await notify(after);
    expect(await inboxHas(filer, after.id)).toBe(false);
    expect(await inboxHas(hrA, after.id)).toBe(true);
  });

  it('an HR contact who moved to another enterprise hears nothing more about the first one’s window filings', async () => {
    const mover = await hrOf(h, USCC_A);
    expect((await mover.bindEnterprise(USCC_B)).status).toBe(200);
    expect((await mover.get('/api/me')).body.enterprise).toBe(USCC_B);
    const profile = await hrA.get('/api/enterprise/profile');
    expect(profile.body.members.find((m: { member: string }) => m.member === subOf(mover)).status).not.toBe('active');
    const filed = await clerk.post('/api/applications', c.formA, { 'idempotency-key': randomUUID() });
    expect(filed.status).toBe(201);
    const n = hrNotice(filed.body.application.id);
    await notify(n);
    expect(await inboxHas(hrA, n.id)).toBe(true);
    expect(await inboxHas(mover, n.id)).toBe(false);
  });
});

describe('roles follow the person verified', () => {
  it('a WeChat user re-verified as another person loses the first person’s records at once', async () => {
    const phone = await employeeOf(h, PERSON_X);
    expect((await phone.get(`/api/applications/${c.appA}`)).status).toBe(200);
    const start = await phone.post('/api/employee/verify/start', { idType: 'citizen_id', idNumber: PERSON_Y.documentNumber, name: PERSON_Y.name });
    await simFace(start.body.verifyId);
    expect((await phone.post('/api/employee/verify/finish', { verifyId: start.body.verifyId })).status).toBe(200);
    expect((await phone.get(`/api/applications/${c.appA}`)).status).toBe(403);
    const records = await phone.get('/api/me/records');
    expect(records.body.items.map((i: { id: string }) => i.id)).toContain(c.appB);
    for (const s of [c.appA, PERSON_X.name, maskName(PERSON_X.name)]) expect(JSON.stringify(records.body)).not.toContain(s);
  });
});

describe('enterprise binding', () => {
  it('lets the legal representative revoke one HR contact, who loses access at once', async () => {
    const member = (await hrA2.get('/api/me')).body;
    expect(member.roles).toEqual(['hr']);
    const target = subOf(hrA2);
    const profile = await hrA.get('/api/enterprise/profile');
    expect(profile.body.members.find((m: { member: string }) => m.member === target)).toMatchObject({ status: 'active', you: false });
    // a bind code does not revoke
    const bindCode = await hrA.elicenseCode(USCC_A, 'bind');
    expect((await hrA.post(`/api/enterprise/members/${target}/revoke`, { uscc: USCC_A, authCode: bindCode })).status).toBe(403);
    const code = await hrA.elicenseCode(USCC_A, 'revoke');
    expect((await hrA.post(`/api/enterprise/members/${target}/revoke`, { uscc: USCC_A, authCode: code })).status).toBe(200);
    const statuses = await Promise.all([hrA.get('/api/applications'), hrA2.get('/api/applications')]);
    expect(statuses.map((s) => s.status)).toEqual([200, 403]);
    // HR B cannot revoke A's members, with B's code or A's
    const codeB = await hrB.elicenseCode(USCC_B, 'revoke');
    expect((await hrB.post(`/api/enterprise/members/${subOf(hrA)}/revoke`, { uscc: USCC_A, authCode: codeB })).status).toBe(403);
    expect((await hrB.post(`/api/enterprise/members/${subOf(hrA)}/revoke`, { uscc: USCC_B, authCode: await hrB.elicenseCode(USCC_B, 'revoke') })).status).toBe(404);
    expect((await hrA.get('/api/applications')).status).toBe(200);
  });
});

describe('bad input', () => {
  it('answers an unknown route with 404 and a wrong method with 405', async () => {
    expect((await hrA.get('/api/nope')).status).toBe(404);
    const res = await hrA.request('DELETE', '/api/applications');
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, POST');
  });

  it('answers malformed JSON with 400, a wrong content type with 415, and more than 1 MB with 413', async () => {
    const bad = await fetch(`${h.stack.baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"code":' });
    expect(bad.status).toBe(400);
    const text = await fetch(`${h.stack.baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'code=1' });
    expect(text.status).toBe(415);
    const big = await fetch(`${h.stack.baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: 'x'.repeat(1_100_000) }) }).catch(() => undefined);
    expect(big?.status).toBe(413);
  });

  it('takes the method from the request line only (no method-override header)', async () => {
    for (const header of ['x-http-method-override', 'x-method-override', 'x-http-method']) {
      const res = await employeeX.request('POST', '/api/enterprise/profile', c.constantsA, { [header]: 'PUT' });
      expect([header, res.status]).toEqual([header, 405]);
    }
  });

  it('lists every wrong field with a Chinese message', async () => {
    const res = await hrA.post('/api/applications', { employer: { uscc: USCC_A } }, { 'idempotency-key': randomUUID() });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(res.body.error.fields.length).toBeGreaterThan(10);
    for (const f of res.body.error.fields) {
      expect(Array.isArray(f.path)).toBe(true);
      expect(f.message).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('past the role check, an empty filing from HR of B (for A) or a clerk is a validation error, not an access error', async () => {
    expect((await hrB.post('/api/applications', { employer: { uscc: USCC_A } }, { 'idempotency-key': randomUUID() })).status).toBe(422);
    expect((await clerk.post('/api/applications', {}, { 'idempotency-key': randomUUID() })).status).toBe(422);
    expect((await employeeX.post('/api/applications', {}, { 'idempotency-key': randomUUID() })).status).toBe(403);
    expect((await anonymous.post('/api/applications', {})).status).toBe(401);
  });

  it('requires an Idempotency-Key', async () => {
    const res = await hrA.post('/api/applications', {});
    expect(res.status).toBe(422);
    expect(res.body.error.fields[0].path).toEqual(['headers', 'idempotency-key']);
  });

  it('refuses a 15-year-old with the per-item reasons, and stores nothing', async () => {
    const person = DEMO_PEOPLE.age15;
    const ent = await hrA.get(`/api/autofill/enterprise?uscc=${USCC_A}`);
    const before = await hrA.get('/api/applications?limit=50');
    const body = demoApplication({ employer: ent.body.values, person: {} }, localToday(), {
      employee: { documentNumber: person.documentNumber, name: person.name, sex: person.sex, birthDate: person.birthDate, ethnicGroup: '01', hukouNature: '11', hukouAddress: '内蒙古自治区乌海市乌达区', education: '71', graduateSchool: undefined, major: undefined, graduationDate: undefined },
      employmentRegistration: { firstEmploymentDate: localToday() },
    });
    const res = await hrA.post('/api/applications', body, { 'idempotency-key': randomUUID() });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('RULE_BLOCKED');
    expect(res.body.error.fields.map((f: { message: string }) => f.message).join('\n')).toContain('未满16周岁');
    const after = await hrA.get('/api/applications?limit=50');
    expect(after.body.items.length).toBe(before.body.items.length);
  });

  it('answers a malformed path parameter, an unknown id or a hostile body without a 500', async () => {
    for (const path of ['/api/applications/%E0%A4%A', '/api/applications/x/items/not_an_item/correction', `/api/applications/${'x'.repeat(300)}`, '/api/materials/..%2F..%2Fetc%2Fpasswd', '/api/materials/%00']) {
      const res = await hrA.request(path.endsWith('correction') ? 'POST' : 'GET', path, path.endsWith('correction') ? { changes: {} } : undefined);
      expect([path.slice(0, 40), res.status < 500]).toEqual([path.slice(0, 40), true]);
    }
    // an unknown application is 404 for everyone, with no hint of whose it might be
    for (const api of [hrA, hrB, clerk, employeeX]) expect((await api.get('/api/applications/HO20260101XXXXXXXX')).status).toBe(404);
    // mass assignment: extra fields are refused, not stored
    expect((await hrA.post('/api/enterprise/bind', { uscc: USCC_A, authCode: await hrA.elicenseCode(USCC_A, 'bind'), role: 'clerk' })).status).toBe(422);
    expect((await hrA.post('/api/materials/consent', { kind: 'id_photo', noticeVersion: ID_PHOTO_NOTICE.version, accepted: true, sub: subOf(hrB) })).status).toBe(422);
    const proto = await hrA.request('POST', '/api/applications', '{"__proto__":{"clerk":{"username":"x"}},"constructor":{"prototype":{"clerk":1}}}', { 'idempotency-key': randomUUID() });
    expect(proto.status).toBe(422);
    expect((await hrA.get('/api/clerk/stats')).status).toBe(403); // nothing polluted
  });
});

describe('the matrix file', () => {
  it('is well formed, and ACCESS-MATRIX.md counts the cells this table has', () => {
    const views = ROWS.map(viewOf);
    const counted = views.filter((v) => !v.skipped).reduce((n, v) => n + COLUMNS.filter((col) => v.cells[col]).length, 0);
    expect(countCells(views).total).toBe(counted);
    // every denied cell is 401/403/404; a machine-only row allows no user
    for (const row of ROWS) {
      for (const r of ROLES) {
        const cell = row.expect[r]!;
        if (!isAllowed(cell)) expect([rowKey(row), r, cell.every((s) => [401, 403, 404].includes(s))]).toEqual([rowKey(row), r, true]);
      }
      if (row.machine !== undefined) expect([rowKey(row), ROLES.filter((r) => isAllowed(row.expect[r]))]).toEqual([rowKey(row), []]);
    }
    // the committed rendering is this table's (regenerate: ACCESS_MATRIX_WRITE=1 npx jest tests/integration/access.test.ts)
    const file = path.join(__dirname, 'ACCESS-MATRIX.md');
    if (process.env.ACCESS_MATRIX_WRITE !== '1' && existsSync(file)) {
      const committed = readFileSync(file, 'utf8');
      const stale = [
        ...(committed.match(/\*\*(\d+) cells\*\* in (\d+) rows/)?.slice(1).map(Number).join() === [counted, views.filter((v) => !v.skipped).length].join() ? [] : ['the cell count']),
        ...views.filter((v) => !v.skipped && !committed.includes(`| ${v.method} | \`${v.route}\` | ${v.variant} |`)).map(rowKey),
      ];
      if (stale.length) throw new Error(`tests/integration/ACCESS-MATRIX.md is out of date (${stale.join('; ')}): regenerate it with ACCESS_MATRIX_WRITE=1 npx jest tests/integration/access.test.ts`);
    }
  });
});
