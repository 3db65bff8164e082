/**
 * 一户一档 / 一人一档 against a ledger that keeps the port's contract (in
 * memory, on the reference Merkle tree): the subject index built by
 * `indexLedgerEvents`, every entry's proof verified against the checkpoint,
 * entries after the checkpoint without a proof, scoping by caller, the
 * access log with who opened the person's data (once an hour), masking.
 */
import { ITEM_CATALOG, itemDueDates } from '../../domain';
import type { TPrincipal } from '../auth/principal';
import type { TDeps } from '../deps';
import { ApplicationStore, type TStoredApplication } from '../applications/store';
import { recordAccess } from '../autofill/autofill-person';
import { verifyInclusion } from '../ledger/merkle';
import type { TLedgerEvent } from '../ledger/port';
import { startTestStore, type TTestStore } from '../storage/testing';
import { recordOpen, recordOpenBy } from './access';
import { enterpriseArchive, personArchive } from './archives';
import { backfillArchiveIndex } from '../supervision/backfill';
import { archiveEnterpriseKey, archivePersonKey, indexLedgerEvents } from './index-events';
import { memoryLedger } from './testing';

const USCC_A = '91150302MA0N1A2B37';
const USCC_B = '91150303MA0N7C8D99';
const X = 'x'.repeat(64);
const Y = 'y'.repeat(64);

function stored(id: string, uscc: string, person: string, filedAt: string, extra: Partial<TStoredApplication> = {}): TStoredApplication {
  return {
    id,
    uscc,
    enterpriseName: uscc === USCC_A ? '示例能源' : '示例建材',
    filedBy: 'oHR-A-openid',
    filedAt,
    filedOn: filedAt.slice(0, 10),
    personIdHmac: person,
    maskedDocumentNumber: person === X ? '150***********0020' : '150***********0015',
    application: { employee: { documentNumber: 'v1.x', name: person === X ? '测试员工甲' : '测试员工乙' } } as never,
    variants: {},
    materials: { identityDocument: [{ id: 'mt_AAAAAAAAAAAAAAAA', sha256: 'ab'.repeat(32), size: 1000 }], laborContract: { mode: 'generated', template: '劳动合同（通用）', contentSha256: 'cd'.repeat(32) } },
    contract: { template: '劳动合同（通用）', signDate: filedAt.slice(0, 10), contentSha256: 'cd'.repeat(32) },
    dueDates: Object.fromEntries(ITEM_CATALOG.map((i) => [i.code, itemDueDates(i.code, '2026-11-26')])) as never,
    ...extra,
  };
}

const session = {} as TPrincipal['session'];
const hrA: TPrincipal = { sub: 'oHR-A-openid', session, hr: { uscc: USCC_A } };
const hrB: TPrincipal = { sub: 'oHR-B-openid', session, hr: { uscc: USCC_B } };
const clerk: TPrincipal = { sub: 'clerk:c01', session, clerk: { username: 'c01', name: '测试窗口人员' } };
const employeeX: TPrincipal = { sub: 'oEMP-X', session, employee: { idHmac: X, idEnc: 'v1.x', name: '测试员工甲' } };
const employeeY: TPrincipal = { sub: 'oEMP-Y', session, employee: { idHmac: Y, idEnc: 'v1.y', name: '测试员工乙' } };
const page = { limit: 20, part: 'all' as const };

async function status(p: Promise<unknown>): Promise<number> {
  try {
    await p;
    return 200;
  } catch (e) {
    return (e as { status?: number }).status ?? 500;
  }
}

const ev = (id: string, type: string, subject: TLedgerEvent['subject'], data: Record<string, unknown> = {}, at = '2026-11-26T01:00:00.000Z'): TLedgerEvent => ({ id, type, at, actor: 'system', subject, data });

describe.each(['memory', 'redis'] as const)('archives on %s', (backend) => {
  let s: TTestStore;
  let deps: TDeps;
  let clock = new Date('2026-11-26T02:00:00.000Z');
  const ledger = memoryLedger();

  beforeAll(async () => {
    s = await startTestStore({ backend });
    const store = new ApplicationStore(s.redis, s.prefix, () => clock);
    const queue = { publish: async () => undefined, publishMany: async () => undefined };
    deps = { redis: s.redis, prefix: s.prefix, store, now: () => clock, ledger, queue } as unknown as TDeps;
    ledger.onAppend = (appended) => indexLedgerEvents(deps, appended);
    await store.create(stored('A1', USCC_A, X, '2026-11-26T01:00:00.000Z'), 'k1', 'h1');
    await store.create(stored('A2', USCC_A, Y, '2026-11-26T01:05:00.000Z', { filedBy: 'clerk:c01', onBehalfOf: { uscc: USCC_A, channel: 'window' } }), 'k2', 'h2');
    await store.create(stored('B1', USCC_B, X, '2026-11-26T01:10:00.000Z'), 'k3', 'h3');
    await store.transition('A1', 'social_security_card', { eventId: 'A1:card:done', to: 'done', actor: 'department:hrss', results: { cardNo: 'A12345678', electronicCardNo: 'E150300000001' } });
    await ledger.append([
      ev('A1:filed', 'application.filed', { uscc: USCC_A, personIdHmac: X, applicationId: 'A1' }, { employee: '测***甲' }),
      ev('lookup:1', 'autofill.lookup', { uscc: USCC_A, personIdHmac: X }, { purpose: '录用登记自动填充', note: '证件 150302199503150020' }),
      ev('A2:filed', 'application.filed', { uscc: USCC_A, personIdHmac: Y, applicationId: 'A2' }),
      ev('B1:filed', 'application.filed', { uscc: USCC_B, personIdHmac: X, applicationId: 'B1' }),
      // names only its application: filed under the application's enterprise and person
      ev('A1:card:done', 'item.transition', { applicationId: 'A1' }, { item: 'social_security_card', to: 'done' }),
      ev('material:1', 'material.uploaded', { uscc: USCC_A }, { sha256: 'ab'.repeat(32) }),
    ]);
    ledger.checkpoint(); // size 6
    await ledger.append([ev('A1:notified', 'notification.sent', { uscc: USCC_A, personIdHmac: X, applicationId: 'A1' })]); // after the checkpoint
  });
  afterAll(() => s.close());

  it('indexes entries by enterprise and person, once', async () => {
    expect(await s.redis.zrange(archiveEnterpriseKey(deps, USCC_A), 0, -1)).toEqual(['0', '1', '2', '4', '5', '6']);
    expect(await s.redis.zrange(archivePersonKey(deps, X), 0, -1)).toEqual(['0', '1', '3', '4', '6']);
    await indexLedgerEvents(deps, [{ index: 0, event: ledger.events[0]! }]);
    expect(await s.redis.zcard(archiveEnterpriseKey(deps, USCC_A))).toBe(6);
    await indexLedgerEvents(deps, []);
  });

  it('gives HR their own enterprise file: hires oldest first, results and materials, entries with proofs that verify', async () => {
    const a = await enterpriseArchive(deps, hrA, page);
    expect(a.subject).toEqual({ kind: 'enterprise', uscc: USCC_A, name: '示例能源' });
    expect(a.hires.items.map((h) => [h.id, h.channel, h.employee.name])).toEqual([
      ['A1', 'online', '测***甲'],
      ['A2', 'window', '测***乙'],
    ]);
    const card = a.hires.items[0]!.items.find((i) => i.code === 'social_security_card')!;
    expect(card).toMatchObject({ state: 'done', results: { cardNo: 'A1*****78', electronicCardNo: 'E1*********01' } });
    expect(card.doneAt).toBeTruthy();
    expect(a.hires.items[0]!.materials.identityDocument).toHaveLength(1);
    expect(a.hires.items[1]!.items[0]!.history[0]).toMatchObject({ actor: 'clerk:c01', note: '窗口受理（代企业提交）' });

    expect(a.checkpoint).toMatchObject({ size: 6 });
    expect(a.ledger).toMatchObject({ available: true, total: 6 });
    expect(a.ledger.entries.map((e) => [e.index, e.type, e.title])).toEqual([
      [0, 'application.filed', '提交录用申请'],
      [1, 'autofill.lookup', '查询个人或企业信息'],
      [2, 'application.filed', '提交录用申请'],
      [4, 'item.transition', '事项办理状态变化'],
      [5, 'material.uploaded', '上传材料'],
      [6, 'notification.sent', '发送办理通知'],
    ]);
    const root = Buffer.from(a.checkpoint!.rootHashBase64, 'base64');
    for (const e of a.ledger.entries.filter((x) => x.index < 6)) {
      expect(e.proof?.treeSize).toBe(6);
      const proof = e.proof!.auditPath.map((p) => Buffer.from(p, 'base64'));
      expect(verifyInclusion(Buffer.from(e.entryBase64, 'base64'), e.index, 6, proof, root)).toBe(true);
      // a flipped byte does not verify
      const altered = Buffer.from(e.entryBase64, 'base64');
      altered[altered.length - 2] = altered[altered.length - 2]! ^ 1;
      expect(verifyInclusion(altered, e.index, 6, proof, root)).toBe(false);
    }
    expect(a.ledger.entries.find((e) => e.index === 6)!.proof).toBeNull(); // proven by the next checkpoint
    expect(a.ledger.entries.find((e) => e.index === 1)!.data).toEqual({ purpose: '录用登记自动填充', note: '证件 150***********0020' });
    expect(a.accessLog).toBeUndefined();
  });

  it('pages hires and entries', async () => {
    const first = await enterpriseArchive(deps, hrA, { ...page, limit: 1 });
    expect(first.hires.items.map((h) => h.id)).toEqual(['A1']);
    expect(first.ledger.entries.map((e) => e.index)).toEqual([0]);
    const more = await enterpriseArchive(deps, hrA, { ...page, limit: 2, part: 'ledger', ledgerCursor: first.ledger.nextCursor! });
    expect(more.hires.items).toEqual([]);
    expect(more.ledger.entries.map((e) => e.index)).toEqual([1, 2]);
    const hires = await enterpriseArchive(deps, hrA, { ...page, limit: 1, part: 'hires', cursor: first.hires.nextCursor! });
    expect(hires.hires.items.map((h) => h.id)).toEqual(['A2']);
    expect(hires.hires.nextCursor).toBeUndefined();
    expect(hires.ledger.entries).toEqual([]);
  });

  it('scopes the enterprise file: another HR 403, a clerk any enterprise by uscc, an employee 403', async () => {
    expect(await status(enterpriseArchive(deps, hrB, { ...page, uscc: USCC_A }))).toBe(403);
    expect((await enterpriseArchive(deps, hrB, page)).hires.items.map((h) => h.id)).toEqual(['B1']);
    expect(await status(enterpriseArchive(deps, clerk, page))).toBe(422);
    expect((await enterpriseArchive(deps, clerk, { ...page, uscc: USCC_B })).ledger.entries.map((e) => e.index)).toEqual([3]);
    expect(await status(enterpriseArchive(deps, employeeX, page))).toBe(403);
  });

  it('gives an employee their own file across enterprises, with the access log', async () => {
    await recordAccess(deps, X, { actor: 'hr:oHR-A-op…@' + USCC_A, enterprise: USCC_A, purpose: '录用登记自动填充', sources: ['公安', '人社部'], matched: true });
    await s.redis.hset(`${deps.prefix}ent:${USCC_A}`, { name: '乌海市海勃湾区示例能源有限公司' });
    clock = new Date('2026-11-26T03:00:00.000Z');
    expect(await recordOpen(deps, X, { actor: 'clerk:c01', purpose: '查看录用记录', record: 'A1', applicationId: 'A1' })).toBe(true);
    expect(await recordOpen(deps, X, { actor: 'clerk:c01', purpose: '查看录用记录', record: 'A1', applicationId: 'A1' })).toBe(false); // within the hour
    expect(await recordOpen(deps, X, { actor: 'clerk:c01', purpose: '查看身份证件照片', record: 'mt_1', applicationId: 'A1' })).toBe(true);
    await recordOpenBy(deps, employeeX, X, { purpose: '查看录用记录', record: 'A1' }); // the person's own opens are not logged

    const mine = await personArchive(deps, employeeX, page);
    expect(mine.subject).toEqual({ kind: 'person', name: '测***甲', documentNumber: '150***********0020' });
    expect(mine.hires.items.map((h) => [h.id, h.enterpriseName])).toEqual([
      ['A1', '示例能源'],
      ['B1', '示例建材'],
    ]);
    // the fixture's entries, then the lookup and the two opens just recorded (each in the ledger too)
    expect(mine.ledger.entries.map((e) => e.type)).toEqual(['application.filed', 'autofill.lookup', 'application.filed', 'item.transition', 'notification.sent', 'autofill.lookup', 'record.opened', 'record.opened']);
    expect(mine.ledger.entries.slice(0, 5).map((e) => e.index)).toEqual([0, 1, 3, 4, 6]);
    expect(mine.accessLog!.items.map((a) => a.eventId)).toEqual(mine.ledger.entries.slice(5).map((e) => e.eventId).reverse());
    expect(mine.ledger.entries.slice(5).every((e) => e.proof === null)).toBe(true); // after the checkpoint
    expect(mine.accessLog!.items.map((a) => [a.who, a.purpose])).toEqual([
      ['窗口工作人员', '查看身份证件照片'],
      ['窗口工作人员', '查看录用记录'],
      ['企业人事（乌海市海勃湾区示例能源有限公司）', '录用登记自动填充'],
    ]);
    expect(mine.accessLog!.items[2]).toMatchObject({ enterprise: { uscc: USCC_A, name: '乌海市海勃湾区示例能源有限公司' }, sources: ['公安', '人社部'] });
    const firstTwo = await personArchive(deps, employeeX, { ...page, limit: 2, part: 'access' });
    expect(firstTwo.accessLog!.items).toHaveLength(2);
    expect(firstTwo.accessLog!.nextCursor).toBe(2);
    expect(firstTwo.hires.items).toEqual([]);

    const other = await personArchive(deps, employeeY, page);
    expect(other.hires.items.map((h) => h.id)).toEqual(['A2']);
    expect(other.ledger.entries.map((e) => e.index)).toEqual([2]);
    expect(other.accessLog!.items).toEqual([]);
    expect(await status(personArchive(deps, hrA, page))).toBe(403);
    expect(await status(personArchive(deps, clerk, page))).toBe(403);
  });

  it('rebuilds the subject index from the ledger (entries appended before it existed)', async () => {
    const before = await s.redis.zrange(archivePersonKey(deps, X), 0, -1);
    await s.redis.del(archivePersonKey(deps, X), archiveEnterpriseKey(deps, USCC_A));
    expect(await backfillArchiveIndex(deps, { batch: 3 })).toBe(ledger.events.length);
    expect(await s.redis.zrange(archivePersonKey(deps, X), 0, -1)).toEqual(before);
    expect(await s.redis.zcard(archiveEnterpriseKey(deps, USCC_A))).toBeGreaterThan(0);
  });

  it('answers without entries when the deployment has no ledger', async () => {
    const bare = { ...deps, ledger: undefined } as unknown as TDeps;
    const a = await enterpriseArchive(bare, hrA, page);
    expect(a.checkpoint).toBeNull();
    expect(a.ledger).toEqual({ available: false, total: 0, entries: [] });
    expect(a.hires.items).toHaveLength(2);
  });
});
