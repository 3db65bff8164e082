/**
 * The supervision index and what reads it, on both backends: department
 * queues follow the items' states (the script trusts the stored state, not
 * a stale view), the overdue board counts working days past the promised /
 * one-thing dates, statistics come from item history, and 好差评 is once per
 * application with a follow-up that takes a bad rating off the board.
 */
import { ITEM_CATALOG, itemDueDates, type TItemCode } from '../../domain';
import type { TPrincipal } from '../auth/principal';
import type { TDeps } from '../deps';
import { ApplicationStore, type TStoredApplication } from '../applications/store';
import { memoryLedger } from '../archives/testing';
import { deleteByPattern, startTestStore, type TTestStore } from '../storage/testing';
import { listQueue, overdueBoard, supervisionStats } from './board';
import { backfillSupervisionIndex } from './backfill';
import { indexItems, queueKey } from './index-items';
import { clerkBadRatings, followUpRating, getRating, rateApplication } from './ratings';

const USCC_A = '91150302MA0N1A2B37';
const USCC_B = '91150303MA0N7C8D99';
const FILED_ON = '2026-11-26'; // a Thursday
const FILED_AT = '2026-11-26T01:00:00.000Z'; // 09:00 in Wuhai

function stored(id: string, uscc = USCC_A, extra: Partial<TStoredApplication> = {}): TStoredApplication {
  return {
    id,
    uscc,
    enterpriseName: uscc === USCC_A ? '示例能源' : '示例建材',
    filedBy: 'oHR-A-openid',
    filedAt: FILED_AT,
    filedOn: FILED_ON,
    personIdHmac: `h-${id}`.padEnd(64, '0'),
    maskedDocumentNumber: '150***********0020',
    application: { employee: { documentNumber: 'v1.x', name: '测试员工甲' } } as never,
    variants: { employment_certificate: ['electronic', 'physical'], social_security_card: ['electronic', 'physical_sporadic'] },
    dueDates: Object.fromEntries(ITEM_CATALOG.map((i) => [i.code, itemDueDates(i.code, FILED_ON, i.code === 'employment_certificate' ? ['electronic', 'physical'] : i.code === 'social_security_card' ? ['electronic', 'physical_sporadic'] : undefined)])) as never,
    ...extra,
  };
}

const session = {} as TPrincipal['session'];
const hrA: TPrincipal = { sub: 'oHR-A-openid', session, hr: { uscc: USCC_A } };
const hrB: TPrincipal = { sub: 'oHR-B-openid', session, hr: { uscc: USCC_B } };
const clerk: TPrincipal = { sub: 'clerk:c01', session, clerk: { username: 'c01', name: '测试窗口人员' } };

async function status(p: Promise<unknown>): Promise<number> {
  try {
    await p;
    return 200;
  } catch (e) {
    return (e as { status?: number }).status ?? 500;
  }
}

describe.each(['memory', 'redis'] as const)('supervision on %s', (backend) => {
  let s: TTestStore;
  let deps: TDeps;
  let clock = new Date('2026-11-26T01:01:30.000Z');
  const ledger = memoryLedger();
  const published: unknown[] = [];

  beforeAll(async () => {
    s = await startTestStore({ backend });
    const store = new ApplicationStore(s.redis, s.prefix, () => clock);
    deps = {
      redis: s.redis,
      prefix: s.prefix,
      store,
      now: () => clock,
      ledger,
      queue: { publish: async (...a: unknown[]) => void published.push(a), publishMany: async () => undefined },
    } as unknown as TDeps;
    for (const [id, uscc] of [['A1', USCC_A], ['A2', USCC_A], ['B1', USCC_B]] as const) {
      const app = stored(id, uscc);
      await store.create(app, `key-${id}`, id);
      await indexItems(deps, app, store.initialItems(app));
    }
  });
  afterAll(() => s.close());

  const move = async (id: string, code: TItemCode, to: 'processing' | 'done' | 'needs_correction', at: string) => {
    clock = new Date(at);
    await deps.store.transition(id, code, { eventId: `${id}:${code}:${to}`, to, actor: 'department:test' });
    const app = (await deps.store.get(id))!;
    await indexItems(deps, app, await deps.store.items(app));
  };

  it('queues every item of a filing by department, in the submitted state', async () => {
    const hrss = await listQueue(deps, clerk, { department: 'hrss', state: 'submitted', limit: 50 });
    expect(hrss.counts).toEqual({ submitted: 15, processing: 0, needs_correction: 0 });
    expect(hrss.items).toHaveLength(15);
    expect(hrss.items[0]).toMatchObject({ department: 'hrss', departmentName: '人力资源和社会保障局', state: 'submitted', employee: { name: '测***甲', documentNumber: '150***********0020' }, channel: 'online' });
    const medical = await listQueue(deps, clerk, { department: 'medical_security', state: 'submitted', limit: 2 });
    expect(medical.counts.submitted).toBe(3);
    expect(medical.items.map((i) => i.item)).toEqual(['medical_insurance', 'medical_insurance']);
    expect(medical.nextCursor).toBe(2);
    const rest = await listQueue(deps, clerk, { department: 'medical_security', state: 'submitted', limit: 2, cursor: 2 });
    expect(rest.items).toHaveLength(1);
    expect(rest.nextCursor).toBeUndefined();
  });

  it('moves items between queues as they change, and a stale view cannot put a done item back', async () => {
    await move('A1', 'pension_insurance', 'done', '2026-11-26T01:02:00.000Z'); // 120 s after filing
    await move('A1', 'medical_insurance', 'processing', '2026-11-26T01:02:10.000Z');
    await move('A2', 'pension_insurance', 'needs_correction', '2026-11-26T01:03:00.000Z');
    const hrss = await listQueue(deps, clerk, { department: 'hrss', state: 'needs_correction', limit: 50 });
    expect(hrss.counts).toEqual({ submitted: 13, processing: 0, needs_correction: 1 });
    expect(hrss.items.map((i) => [i.applicationId, i.item])).toEqual([['A2', 'pension_insurance']]);
    // an old view (everything submitted) arriving late: the index follows the stored state
    const a1 = (await deps.store.get('A1'))!;
    await indexItems(deps, a1, deps.store.initialItems(a1));
    expect(await s.redis.zscore(queueKey(deps, 'hrss', 'submitted'), 'A1:pension_insurance')).toBeNull();
    expect((await listQueue(deps, clerk, { department: 'medical_security', state: 'processing', limit: 5 })).items.map((i) => i.applicationId)).toEqual(['A1']);
  });

  it('answers only clerks', async () => {
    expect(await status(listQueue(deps, hrA, { department: 'hrss', state: 'submitted', limit: 5 }))).toBe(403);
    expect(await status(overdueBoard(deps, hrA, { limit: 5 }))).toBe(403);
    expect(await status(supervisionStats(deps, hrA))).toBe(403);
    expect(await status(clerkBadRatings(deps, hrA))).toBe(403);
  });

  it('puts items past their promised or one-thing due date on the overdue board, oldest first, in working days', async () => {
    clock = new Date('2026-11-26T08:00:00.000Z');
    expect((await overdueBoard(deps, clerk, { limit: 50 })).total).toBe(0); // due today is not overdue
    clock = new Date('2026-11-30T02:00:00.000Z'); // Monday: Friday 11-27 and Monday 11-30 have passed
    const board = await overdueBoard(deps, clerk, { limit: 50 });
    expect(board.today).toBe('2026-11-30');
    // 3 filings × 7 items, minus A1's done pension item, minus the certificates (physical: due 12-01)
    expect(board.total).toBe(3 * 7 - 1 - 3);
    const medical = board.items.find((i) => i.applicationId === 'A1' && i.item === 'medical_insurance')!;
    expect(medical).toMatchObject({ state: 'processing', oneThingDue: '2026-11-26', promisedDue: '2026-11-27', breached: ['oneThing', 'promised'], workingDaysOver: 2, dueDate: '2026-11-26' });
    const registration = board.items.find((i) => i.applicationId === 'A2' && i.item === 'employment_registration')!;
    expect(registration).toMatchObject({ oneThingDue: '2026-11-26', promisedDue: '2026-12-01', breached: ['oneThing'], workingDaysOver: 2 });
    expect(board.items.some((i) => i.item === 'employment_certificate')).toBe(false);
    expect(board.items.some((i) => i.applicationId === 'A1' && i.item === 'pension_insurance')).toBe(false);
    const dues = board.items.map((i) => i.dueDate!);
    expect([...dues].sort()).toEqual(dues);
    const paged = await overdueBoard(deps, clerk, { limit: 4 });
    expect(paged.items).toHaveLength(4);
    expect(paged.nextCursor).toBe(4);
    clock = new Date('2026-12-02T02:00:00.000Z');
    const later = await overdueBoard(deps, clerk, { limit: 50 });
    expect(later.items.find((i) => i.item === 'employment_certificate')).toMatchObject({ oneThingDue: '2026-12-01', workingDaysOver: 1 });
  });

  it('counts filings and done items per item and department, with median and p90 time to done', async () => {
    await move('A2', 'housing_fund_account', 'done', '2026-11-26T01:10:00.000Z'); // 600 s
    await move('B1', 'housing_fund_account', 'done', '2026-11-26T01:01:00.000Z'); // 60 s
    await move('A1', 'housing_fund_account', 'done', '2026-11-26T02:00:00.000Z'); // 3,600 s
    const stats = await supervisionStats(deps, clerk);
    const item = (code: TItemCode) => stats.items.find((i) => i.item === code)!;
    expect(item('pension_insurance')).toMatchObject({ count: 3, done: 1, medianSeconds: 120, p90Seconds: 120, department: 'hrss' });
    expect(item('housing_fund_account')).toMatchObject({ count: 3, done: 3, medianSeconds: 600, p90Seconds: 3600 });
    expect(item('labor_filing')).toMatchObject({ count: 3, done: 0, medianSeconds: null, p90Seconds: null });
    const dept = (d: string) => stats.departments.find((x) => x.department === d)!;
    expect(dept('hrss')).toMatchObject({ name: '人力资源和社会保障局', count: 15, done: 1, medianSeconds: 120 });
    expect(dept('housing_fund_center')).toMatchObject({ count: 3, done: 3, medianSeconds: 600, p90Seconds: 3600 });
    // indexing the same state again counts nothing twice
    const a1 = (await deps.store.get('A1'))!;
    await indexItems(deps, a1, await deps.store.items(a1));
    expect((await supervisionStats(deps, clerk)).items.find((i) => i.item === 'housing_fund_account')).toMatchObject({ count: 3, done: 3 });
  });

  it('rebuilds the index from the stored applications (a deployment upgraded in place), to the same figures', async () => {
    const before = await supervisionStats(deps, clerk);
    const queueBefore = await listQueue(deps, clerk, { department: 'hrss', state: 'submitted', limit: 50 });
    await deleteByPattern(s.backend, `${deps.prefix}sup:*`);
    expect((await listQueue(deps, clerk, { department: 'hrss', state: 'submitted', limit: 50 })).counts.submitted).toBe(0);
    expect(await backfillSupervisionIndex(deps, { batch: 2 })).toBe(3);
    expect(await listQueue(deps, clerk, { department: 'hrss', state: 'submitted', limit: 50 })).toEqual(queueBefore);
    expect({ ...(await supervisionStats(deps, clerk)), at: before.at }).toEqual(before);
  });

  it('takes a rating once after all seven items are done; a bad one stays on the board until followed up', async () => {
    expect(await status(rateApplication(deps, hrA, 'A1', { level: '满意' }))).toBe(409); // not finished
    for (const i of ITEM_CATALOG) await move('A1', i.code, 'done', '2026-11-26T03:00:00.000Z');
    expect(await getRating(deps, hrA, 'A1')).toEqual({ rating: null, canRate: true });
    expect(await status(rateApplication(deps, hrB, 'A1', { level: '满意' }))).toBe(403);
    expect(await status(rateApplication(deps, clerk, 'A1', { level: '满意' }))).toBe(403);
    expect(await status(rateApplication(deps, hrA, 'NOPE', { level: '满意' }))).toBe(404);

    const first = await rateApplication(deps, hrA, 'A1', { level: '不满意', comment: '等待时间长，联系 13800471234' });
    expect(first).toMatchObject({ status: 201, rating: { level: '不满意', bad: true, comment: '等待时间长，联系 138****1234' } });
    expect((await rateApplication(deps, hrA, 'A1', { level: '不满意', comment: '等待时间长，联系 13800471234' })).status).toBe(200);
    expect(await status(rateApplication(deps, hrA, 'A1', { level: '满意' }))).toBe(409);
    expect(await getRating(deps, clerk, 'A1')).toMatchObject({ rating: { level: '不满意' }, canRate: false });
    expect(await status(getRating(deps, hrB, 'A1'))).toBe(403);

    const board = await overdueBoard(deps, clerk, { limit: 5 });
    expect(board.badRatings).toEqual([expect.objectContaining({ applicationId: 'A1', level: '不满意', employee: { name: '测***甲', documentNumber: '150***********0020' } })]);
    expect((await clerkBadRatings(deps, clerk)).items.map((r) => r.applicationId)).toEqual(['A1']);

    expect(await status(followUpRating(deps, hrA, 'A1', { note: '已回访' }))).toBe(403);
    expect(await status(followUpRating(deps, clerk, 'A2', { note: '已回访' }))).toBe(404);
    const done = await followUpRating(deps, clerk, 'A1', { note: '已电话回访，说明原因并致歉' });
    expect(done.followUp).toMatchObject({ note: '已电话回访，说明原因并致歉', clerk: 'c01' });
    expect((await followUpRating(deps, clerk, 'A1', { note: '已电话回访，说明原因并致歉' })).followUp?.note).toBe('已电话回访，说明原因并致歉');
    expect(await status(followUpRating(deps, clerk, 'A1', { note: '另一条' }))).toBe(409);
    expect((await overdueBoard(deps, clerk, { limit: 5 })).badRatings).toEqual([]);

    // a good rating needs no follow-up and never reaches the board
    for (const i of ITEM_CATALOG) await move('B1', i.code, 'done', '2026-11-26T03:00:00.000Z');
    await rateApplication(deps, hrB, 'B1', { level: '非常满意' });
    expect(await status(followUpRating(deps, clerk, 'B1', { note: '无' }))).toBe(409);
    expect((await clerkBadRatings(deps, clerk)).items).toEqual([]);

    // into the ledger, once each, the comment and note only as digests
    const types = ledger.events.filter((e) => e.subject.applicationId === 'A1' || e.subject.applicationId === 'B1').map((e) => [e.type, e.id]);
    expect(types).toEqual([
      ['rating.recorded', 'rating:A1'],
      ['clerk.action', 'clerk:A1:rating-followup'],
      ['rating.recorded', 'rating:B1'],
    ]);
    expect(JSON.stringify(ledger.events)).not.toMatch(/等待时间长|致歉/);
  });
});
