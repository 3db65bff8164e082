/**
 * The window and supervision over HTTP against the whole stack: a clerk files
 * a walk-in hire on an enterprise's behalf (recorded as such, seen by the
 * enterprise's HR), department queues, the overdue board (a department kept
 * down, a clock moved on), statistics, 好差评 with the follow-up of a bad
 * rating, and 一户一档 / 一人一档 scoped to the caller, with ledger proofs and
 * the access log.
 *
 * The ledger is the port's contract kept in memory (functions/archives/testing.ts),
 * indexing what is appended for the archives as the real append path does;
 * every event comes from the product's own code.
 */
import { randomUUID } from 'node:crypto';
import { localToday } from '../../domain';
import { indexLedgerEvents } from '../../functions/archives/index-events';
import { memoryLedger } from '../../functions/archives/testing';
import { DEV_CLERK } from '../../functions/local/stack';
import { verifyInclusion } from '../../functions/ledger/merkle';
import { DEMO_ENTERPRISES, DEMO_PEOPLE } from '../../functions/simulators/dataset';
import { demoApplication, DEMO_PERSON, DEMO_USCC, type ApiClient } from './client';
import { employeeOf, hrOf, startHarness, waitFor, type THarness } from './harness';

jest.setTimeout(90_000);

const USCC_B = DEMO_ENTERPRISES.buildingMaterials.uscc;
const DAY = 86_400_000;
let h: THarness;
let clerk: ApiClient;
let hrA: ApiClient;
let hrB: ApiClient;
let employeeX: ApiClient;
let employeeY: ApiClient;
const ledger = memoryLedger();
let windowApp: string;
let onlineApp: string;

const verifiedEmployee = (person: { documentNumber: string; name: string }) => employeeOf(h, person);

async function filled(api: ApiClient, person: { documentNumber: string; name: string } = DEMO_PERSON) {
  const ent = await api.get(`/api/autofill/enterprise?uscc=${DEMO_USCC}`);
  const p = await api.get(`/api/autofill/person?idType=citizen_id&idNumber=${person.documentNumber}&name=${encodeURIComponent(person.name)}`);
  return { employer: ent.body.values, person: p.body.values };
}

const PERSON_B = DEMO_PEOPLE.employeeB;
/** A hire of the second demo person (no education record), as hire.test.ts files it. */
async function hireOfB(api: ApiClient) {
  const f = await filled(api, PERSON_B);
  return demoApplication(f, localToday(), {
    employee: { documentNumber: PERSON_B.documentNumber, name: PERSON_B.name, education: '61', graduateSchool: undefined, major: undefined, graduationDate: undefined },
  });
}

/** Every ledger entry of a file, page by page. */
async function allEntries(api: ApiClient, path: string): Promise<{ index: number; type: string; eventId: string; applicationId?: string; entryBase64: string; proof: { treeSize: number; auditPath: string[] } | null }[]> {
  const out = [];
  let cursor: number | undefined;
  do {
    const r = await api.get(`${path}${path.includes('?') ? '&' : '?'}part=ledger&limit=50${cursor === undefined ? '' : `&ledgerCursor=${cursor}`}`);
    out.push(...r.body.ledger.entries);
    cursor = r.body.ledger.nextCursor;
  } while (cursor !== undefined);
  return out;
}

const allDone = (r: { body: { items: { state: string }[] } }) => r.body.items.every((i) => i.state === 'done');

beforeAll(async () => {
  // sessions outlive the clock moved on for the overdue board
  h = await startHarness({ overrides: { SESSION_TTL_SECONDS: String(30 * 86_400) } });
  ledger.onAppend = (appended) => indexLedgerEvents(h.stack.deps, appended);
  (h.stack.deps as { ledger?: unknown }).ledger = ledger;
  [hrA, hrB] = await Promise.all([hrOf(h, DEMO_USCC), hrOf(h, USCC_B)]);
  clerk = h.api();
  const login = await clerk.post('/api/auth/clerk-login', { username: DEV_CLERK.username, password: DEV_CLERK.password });
  expect(login.status).toBe(200);
  clerk.token = login.body.token;
  [employeeX, employeeY] = await Promise.all([verifiedEmployee(DEMO_PERSON), verifiedEmployee(DEMO_PEOPLE.employeeB)]);
});
afterAll(() => h.close());

describe('一窗受理: a walk-in hire filed by a clerk', () => {
  it('files it on the enterprise’s behalf with the same filing, and records it as such', async () => {
    const f = await filled(clerk);
    expect(f.employer.name.value).toBe('乌海市海勃湾区示例能源有限公司');
    const res = await clerk.post('/api/applications', demoApplication(f, localToday()), { 'idempotency-key': randomUUID() });
    expect(res.status).toBe(201);
    windowApp = res.body.application.id;
    expect(res.body.application.onBehalfOf).toEqual({ channel: 'window', clerk: DEV_CLERK.username });
    const stored = (await h.stack.deps.store.get(windowApp))!;
    expect(stored).toMatchObject({ filedBy: `clerk:${DEV_CLERK.username}`, onBehalfOf: { uscc: DEMO_USCC, channel: 'window' }, uscc: DEMO_USCC });
    expect(res.body.application.items[0].history[0]).toMatchObject({ actor: `clerk:${DEV_CLERK.username}`, note: '窗口受理（代企业提交）' });
  });

  it('shows it to the enterprise’s HR contacts (and nobody else’s)', async () => {
    const list = await hrA.get('/api/applications');
    expect(list.body.items.find((a: { id: string }) => a.id === windowApp)).toMatchObject({ channel: 'window', enterpriseName: '乌海市海勃湾区示例能源有限公司' });
    const one = await hrA.get(`/api/applications/${windowApp}`);
    expect(one.status).toBe(200);
    expect(one.body.onBehalfOf).toEqual({ channel: 'window', clerk: DEV_CLERK.username });
    expect((await hrB.get('/api/applications')).body.items.map((a: { id: string }) => a.id)).not.toContain(windowApp);
    expect((await hrB.get(`/api/applications/${windowApp}`)).status).toBe(403);
    // the enterprise's HR contact hears about the window filing (the clerk does not get the HR messages)
    const inbox = await waitFor(() => hrA.get('/api/me/messages'), (r) => (r.body.items ?? []).some((m: { applicationId: string }) => m.applicationId === windowApp));
    expect(inbox.body.items.find((m: { applicationId: string }) => m.applicationId === windowApp).title).toMatch(/^已受理/);
    expect((await hrB.get('/api/me/messages')).body.items.some((m: { applicationId: string }) => m.applicationId === windowApp)).toBe(false);
  });

  it('still keeps an HR contact to their own enterprise', async () => {
    const f = await filled(hrA);
    const res = await hrA.post('/api/applications', demoApplication(f, localToday(), { employer: { uscc: USCC_B } }), { 'idempotency-key': randomUUID() });
    expect(res.status).toBe(403);
  });

  it('finishes its items like any other filing', async () => {
    await waitFor(() => hrA.get(`/api/applications/${windowApp}`), allDone);
  });
});

describe('department queues and the overdue board', () => {
  const real = () => new Date();
  afterAll(() => {
    h.stack.deps.now = real;
  });

  it('keeps an item processing while its department is down, in that department’s queue', async () => {
    await h.sim('medical', { down: true });
    const res = await hrA.post('/api/applications', await hireOfB(hrA), { 'idempotency-key': randomUUID() });
    expect(res.status).toBe(201);
    onlineApp = res.body.application.id;
    expect(res.body.application.items.find((i: { code: string }) => i.code === 'medical_insurance').state).toBe('processing');
    const q = await clerk.get('/api/clerk/queues?department=medical_security&state=processing');
    expect(q.status).toBe(200);
    expect(q.body).toMatchObject({ department: 'medical_security', departmentName: '医疗保障局', state: 'processing' });
    expect(q.body.counts.processing).toBe(1);
    expect(q.body.items).toEqual([expect.objectContaining({ applicationId: onlineApp, item: 'medical_insurance', state: 'processing', channel: 'online', employee: { name: '测***乙', documentNumber: '150***********0015' } })]);
    expect(JSON.stringify(q.body)).not.toContain(PERSON_B.documentNumber);
    const hrss = await clerk.get('/api/clerk/queues?department=hrss&state=processing');
    expect(hrss.body.items.every((i: { department: string }) => i.department === 'hrss')).toBe(true);
  });

  it('is empty of it while it is within its due dates', async () => {
    const board = await clerk.get('/api/clerk/overdue');
    expect(board.status).toBe(200);
    expect(board.body.items.filter((i: { applicationId: string }) => i.applicationId === onlineApp)).toEqual([]);
  });

  it('shows it past its one-thing and promised due dates, oldest first, in working days', async () => {
    const later = Date.now() + 14 * DAY;
    h.stack.deps.now = () => new Date(later);
    const board = await clerk.get('/api/clerk/overdue');
    h.stack.deps.now = real;
    expect(board.status).toBe(200);
    expect(board.body.today).toBe(localToday(later));
    const medical = board.body.items.find((i: { applicationId: string; item: string }) => i.applicationId === onlineApp && i.item === 'medical_insurance');
    expect(medical).toMatchObject({ state: 'processing', department: 'medical_security', breached: ['oneThing', 'promised'] });
    // in working days (null only if the calendar lacks a year the fortnight reaches into)
    if (medical.workingDaysOver !== null) expect(medical.workingDaysOver).toBeGreaterThanOrEqual(5);
    expect(board.body.items.filter((i: { applicationId: string }) => i.applicationId === windowApp)).toEqual([]); // all done
    const dues = board.body.items.map((i: { dueDate: string }) => i.dueDate);
    expect([...dues].sort()).toEqual(dues);
    expect(board.body.total).toBeGreaterThanOrEqual(1);
  });

  it('drops it from the board and the queue once the department is back and the item is done', async () => {
    await h.sim('medical', { down: false });
    await waitFor(() => hrA.get(`/api/applications/${onlineApp}`), allDone, 45_000, 300);
    h.stack.deps.now = () => new Date(Date.now() + 14 * DAY);
    const board = await clerk.get('/api/clerk/overdue');
    h.stack.deps.now = real;
    expect(board.body.items.filter((i: { applicationId: string }) => i.applicationId === onlineApp)).toEqual([]);
    expect((await clerk.get('/api/clerk/queues?department=medical_security&state=processing')).body.counts.processing).toBe(0);
  });

  it('refuses bad queries in Chinese, and anyone but a clerk', async () => {
    const bad = await clerk.get('/api/clerk/queues?department=police');
    expect(bad.status).toBe(422);
    expect(bad.body.error.fields[0]).toMatchObject({ path: ['department'], message: expect.stringContaining('请选择部门') });
    expect((await clerk.get('/api/clerk/queues?department=hrss&limit=500')).status).toBe(422);
    for (const path of ['/api/clerk/queues?department=hrss', '/api/clerk/overdue', '/api/clerk/stats', '/api/clerk/ratings']) {
      expect([path, (await hrA.get(path)).status]).toEqual([path, 403]);
      expect([path, (await employeeX.get(path)).status]).toEqual([path, 403]);
      expect([path, (await h.api().get(path)).status]).toEqual([path, 401]);
    }
  });
});

describe('statistics', () => {
  it('counts per item and department, with median and p90 time to done from the items’ history', async () => {
    const stats = await clerk.get('/api/clerk/stats');
    expect(stats.status).toBe(200);
    const item = (code: string) => stats.body.items.find((i: { item: string }) => i.item === code);
    for (const code of ['pension_insurance', 'medical_insurance', 'social_security_card', 'housing_fund_account']) {
      expect(item(code)).toMatchObject({ count: 2, done: 2, medianSeconds: expect.any(Number), p90Seconds: expect.any(Number) });
      expect(item(code).p90Seconds).toBeGreaterThanOrEqual(item(code).medianSeconds);
    }
    // the medical item waited for its department: its p90 is the longer of the two hires
    expect(item('medical_insurance').p90Seconds).toBeGreaterThanOrEqual(1);
    const dept = (d: string) => stats.body.departments.find((x: { department: string }) => x.department === d);
    expect(dept('hrss')).toMatchObject({ name: '人力资源和社会保障局', count: 10, done: 10 });
    expect(dept('medical_security')).toMatchObject({ count: 2, done: 2 });
    expect(dept('housing_fund_center')).toMatchObject({ count: 2, done: 2 });
  });
});

describe('好差评', () => {
  it('is given once by the enterprise’s HR after all seven items are done; a bad one waits on the board for the follow-up', async () => {
    const before = await hrA.get(`/api/applications/${windowApp}/rating`);
    expect(before.body).toEqual({ rating: null, canRate: true });
    expect((await hrB.post(`/api/applications/${windowApp}/rating`, { level: '满意' })).status).toBe(403);
    expect((await clerk.post(`/api/applications/${windowApp}/rating`, { level: '满意' })).status).toBe(403);
    const wrong = await hrA.post(`/api/applications/${windowApp}/rating`, { level: '还行', comment: '好'.repeat(201) });
    expect(wrong.status).toBe(422);
    expect(wrong.body.error.fields.map((f: { path: string[] }) => f.path[0]).sort()).toEqual(['comment', 'level']);

    const rated = await hrA.post(`/api/applications/${windowApp}/rating`, { level: '不满意', comment: '窗口排队时间较长' });
    expect(rated.status).toBe(201);
    expect(rated.body.rating).toMatchObject({ level: '不满意', bad: true, comment: '窗口排队时间较长' });
    expect((await hrA.post(`/api/applications/${windowApp}/rating`, { level: '不满意', comment: '窗口排队时间较长' })).status).toBe(200);
    const changed = await hrA.post(`/api/applications/${windowApp}/rating`, { level: '非常满意' });
    expect(changed.status).toBe(409);
    expect(changed.body.error.message).toContain('不能更改');

    const board = await clerk.get('/api/clerk/overdue');
    expect(board.body.badRatings).toEqual([expect.objectContaining({ applicationId: windowApp, level: '不满意', comment: '窗口排队时间较长', employee: { name: '测***甲', documentNumber: '150***********0020' } })]);
    expect((await clerk.get('/api/clerk/ratings')).body.items.map((r: { applicationId: string }) => r.applicationId)).toEqual([windowApp]);

    expect((await hrA.post(`/api/clerk/ratings/${windowApp}/follow-up`, { note: '已回访' })).status).toBe(403);
    expect((await clerk.post(`/api/clerk/ratings/${windowApp}/follow-up`, { note: ' ' })).status).toBe(422);
    const followed = await clerk.post(`/api/clerk/ratings/${windowApp}/follow-up`, { note: '已电话回访，增开窗口' });
    expect(followed.status).toBe(200);
    expect(followed.body.rating.followUp).toMatchObject({ note: '已电话回访，增开窗口', clerk: DEV_CLERK.username });
    expect((await clerk.get('/api/clerk/overdue')).body.badRatings).toEqual([]);
    expect((await hrA.get(`/api/applications/${windowApp}/rating`)).body).toMatchObject({ rating: { level: '不满意', followUp: { note: '已电话回访，增开窗口' } }, canRate: false });

    // a good rating never reaches the board
    expect((await hrA.post(`/api/applications/${onlineApp}/rating`, { level: '非常满意' })).status).toBe(201);
    expect((await clerk.get('/api/clerk/ratings')).body.items).toEqual([]);
    expect(ledger.events.filter((e) => e.type === 'rating.recorded').map((e) => e.id).sort()).toEqual([`rating:${onlineApp}`, `rating:${windowApp}`].sort());
  });
});

describe('一户一档 and 一人一档', () => {
  beforeAll(() => {
    ledger.checkpoint();
  });

  it('gives HR their enterprise’s file: every hire with results and materials, entries proven against the checkpoint', async () => {
    const res = await hrA.get('/api/archives/enterprise');
    expect(res.status).toBe(200);
    const a = res.body;
    expect(a.subject).toMatchObject({ kind: 'enterprise', uscc: DEMO_USCC, name: '乌海市海勃湾区示例能源有限公司' });
    expect(a.hires.items.map((x: { id: string; channel: string }) => [x.id, x.channel])).toEqual([
      [windowApp, 'window'],
      [onlineApp, 'online'],
    ]);
    const first = a.hires.items[0];
    expect(first.items).toHaveLength(7);
    expect(first.items.every((i: { state: string; doneAt: string | null }) => i.state === 'done' && i.doneAt)).toBe(true);
    expect(first.items.find((i: { code: string }) => i.code === 'pension_insurance').results.personalSocialSecurityNo).toMatch(/^1503/);
    expect(first.materials.laborContract).toMatchObject({ mode: 'generated', contentSha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(first.rating).toMatchObject({ level: '不满意' });
    expect(JSON.stringify(a)).not.toContain(DEMO_PERSON.documentNumber);

    expect(a.ledger.available).toBe(true);
    expect(a.ledger.entries).toHaveLength(20); // the first page
    const entries = await allEntries(hrA, '/api/archives/enterprise');
    expect(entries).toHaveLength(a.ledger.total);
    expect(entries.map((e) => e.type)).toEqual(expect.arrayContaining(['application.filed', 'item.transition', 'autofill.lookup', 'record.opened', 'rating.recorded', 'clerk.action']));
    expect(new Set(entries.filter((e) => e.type === 'application.filed').map((e) => e.applicationId))).toEqual(new Set([windowApp, onlineApp]));
    const root = Buffer.from(a.checkpoint.rootHashBase64, 'base64');
    for (const e of entries) {
      expect(e.proof).not.toBeNull();
      expect(verifyInclusion(Buffer.from(e.entryBase64, 'base64'), e.index, a.checkpoint.size, e.proof!.auditPath.map((p: string) => Buffer.from(p, 'base64')), root)).toBe(true);
    }
    const indexes = entries.map((e) => e.index);
    expect([...indexes].sort((x, y) => x - y)).toEqual(indexes);
  });

  it('scopes it: another enterprise’s HR 403, a clerk any enterprise by uscc, an employee 403', async () => {
    expect((await hrB.get(`/api/archives/enterprise?uscc=${DEMO_USCC}`)).status).toBe(403);
    expect((await hrB.get('/api/archives/enterprise')).body.hires.items).toEqual([]);
    expect((await clerk.get('/api/archives/enterprise')).status).toBe(422);
    const any = await clerk.get(`/api/archives/enterprise?uscc=${DEMO_USCC}&part=hires&limit=1`);
    expect(any.status).toBe(200);
    expect(any.body.hires.items.map((x: { id: string }) => x.id)).toEqual([windowApp]);
    expect(typeof any.body.hires.nextCursor).toBe('number');
    expect((await employeeX.get('/api/archives/enterprise')).status).toBe(403);
    expect((await h.api().get('/api/archives/enterprise')).status).toBe(401);
  });

  it('gives the employee their own file with the access log: every lookup and every opening by others', async () => {
    const res = await employeeX.get('/api/me/archive');
    expect(res.status).toBe(200);
    const me = res.body;
    expect(me.subject).toEqual({ kind: 'person', name: '测***甲', documentNumber: '150***********0020' });
    expect(me.hires.items.map((x: { id: string }) => x.id)).toEqual([windowApp]);
    const log = me.accessLog.items as { who: string; actor: string; purpose: string; eventId?: string; enterprise?: { name?: string } }[];
    // the lookups made during the hire (the clerk's at the window, HR's for the refused filing) …
    const lookups = log.filter((l) => l.purpose === '录用登记自动填充');
    expect(lookups).toHaveLength(2);
    expect(lookups.some((l) => l.who === '窗口工作人员' && l.actor === `clerk:${DEV_CLERK.username}`)).toBe(true);
    expect(lookups.some((l) => l.who === '企业人事（乌海市海勃湾区示例能源有限公司）')).toBe(true);
    // … and HR opening the hire's record (once an hour however often; the other enterprise was refused, so not logged)
    expect(log.filter((l) => l.purpose === '查看录用记录').map((l) => l.who)).toEqual(['企业人事（乌海市海勃湾区示例能源有限公司）']);
    expect(log.some((l) => l.who.includes('建材'))).toBe(false);
    expect(JSON.stringify(me)).not.toContain(DEMO_PERSON.documentNumber);
    // each is in the ledger: the log names the event, the file carries it with its proof
    const entries = await allEntries(employeeX, '/api/me/archive');
    const ids = new Set(entries.map((e) => e.eventId));
    for (const l of log) expect([l.purpose, ids.has(l.eventId!)]).toEqual([l.purpose, true]);
    expect(entries.every((e) => !e.applicationId || e.applicationId === windowApp)).toBe(true);
  });

  it('gives another employee only their own, and no one else a /me/archive', async () => {
    const other = await employeeY.get('/api/me/archive');
    expect(other.status).toBe(200);
    expect(other.body.subject).toMatchObject({ name: '测***乙' });
    expect(other.body.hires.items.map((x: { id: string }) => x.id)).toEqual([onlineApp]);
    expect(other.body.accessLog.items.every((l: { actor: string }) => l.actor.startsWith('hr:'))).toBe(true); // no window lookup of this person
    const entries = await allEntries(employeeY, '/api/me/archive');
    expect(entries.length).toBeGreaterThan(0);
    expect(entries.some((e) => e.applicationId === windowApp)).toBe(false);
    expect(JSON.stringify(other.body)).not.toContain(PERSON_B.documentNumber);
    expect((await hrA.get('/api/me/archive')).status).toBe(403);
    expect((await clerk.get('/api/me/archive')).status).toBe(403);
  });
});
