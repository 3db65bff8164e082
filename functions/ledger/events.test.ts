/**
 * Business events into the ledger: the builders (deterministic ids, no clear
 * personal data), the rebuild of transition events from the stored history
 * (identical to what the live path appends, on both backends), and the way in
 * — one append, the durable queue when it fails, an error when both fail.
 */
import { ITEM_CATALOG } from '../../domain';
import { ApplicationStore, type TStoredApplication } from '../applications/store';
import type { TDeps } from '../deps';
import { logger } from '../lib/logger';
import { startTestStore, type TTestStore } from '../storage/testing';
import { memoryLedger } from '../../tests/fixtures/memory-ledger';
import type { TQueueMessage } from '../queue/queue';
import {
  applicationFiledEvent,
  handleLedgerMessage,
  itemEventsFromLogs,
  itemTransitionEvent,
  LEDGER_TOPIC,
  lookupEvent,
  materialUploadedEvent,
  recordClerkAction,
  recordEvents,
  recordRating,
  ZLedgerMessageSchema,
  type TLedgerMessage,
} from './events';
import { canonicalEntry, type TLedgerEvent } from './port';

const NOW = new Date('2026-11-26T02:00:00Z');
const HMAC = 'a'.repeat(64);

function stored(id: string, overrides: Partial<TStoredApplication> = {}): TStoredApplication {
  return {
    id,
    uscc: '91150302MA0N1A2B37',
    enterpriseName: '乌海市海勃湾区示例能源有限公司',
    filedBy: 'oHR-openid-0001',
    filedAt: '2026-11-26T01:00:00.000Z',
    filedOn: '2026-11-26',
    personIdHmac: HMAC,
    maskedDocumentNumber: '150***********0020',
    application: { employee: { documentNumber: 'v1.encrypted', name: '测试员工甲' } } as never,
    variants: { social_security_card: ['electronic', 'physical_sporadic'] },
    contract: { template: '劳动合同（通用）', signDate: '2026-11-26', contentSha256: 'c'.repeat(64) },
    materials: {
      identityDocument: [{ id: 'mt_1', sha256: 'd'.repeat(64), size: 12345 }],
      laborContract: { mode: 'generated', template: '劳动合同（通用）', contentSha256: 'c'.repeat(64) },
    },
    dueDates: Object.fromEntries(ITEM_CATALOG.map((i) => [i.code, []])) as never,
    ...overrides,
  };
}

function fakeQueue(options: { fail?: boolean } = {}) {
  const published: TQueueMessage[] = [];
  return {
    published,
    queue: {
      publish: async (topic: string, body: unknown, o: TQueueMessage['options']) => {
        if (options.fail) throw new Error('queue down (test)');
        published.push({ topic, body, options: o });
      },
      publishMany: async (ms: TQueueMessage[]) => {
        if (options.fail) throw new Error('queue down (test)');
        published.push(...ms);
      },
    },
  };
}

describe('event builders (pure)', () => {
  it('application.filed: deterministic id, the filer, hashes of the contract and materials, no clear name or ID number', () => {
    const app = stored('HO1');
    const e = applicationFiledEvent(app);
    expect(e).toMatchObject({
      id: 'HO1:filed',
      type: 'application.filed',
      at: app.filedAt,
      actor: 'hr:oHR-open',
      subject: { uscc: app.uscc, personIdHmac: HMAC, applicationId: 'HO1' },
      data: {
        employee: { name: '测***甲', documentNumber: '150***********0020' },
        contract: { contentSha256: 'c'.repeat(64) },
        materials: { identityDocument: [{ id: 'mt_1', sha256: 'd'.repeat(64), size: 12345 }], laborContract: { mode: 'generated' } },
      },
    });
    expect(e.data.items).toHaveLength(7);
    expect(JSON.stringify(e)).not.toMatch(/测试员工甲|v1\.encrypted/);
    expect(applicationFiledEvent(app)).toEqual(e); // the rebuild is identical
    expect(applicationFiledEvent(stored('HO2', { filedBy: 'clerk:clerk01' })).actor).toBe('clerk:clerk01');
  });

  it('item.transition: the transition id, from → to, stage, results with card numbers masked', () => {
    const e = itemTransitionEvent(stored('HO1'), 'social_security_card', { at: NOW.toISOString(), state: 'processing', actor: 'department:hrss', stage: '数据录入', eventId: 'HO1:social_security_card:0:stage:1', results: { electronicCardNo: 'J15030018', collectionBranch: '新华街网点' } }, 'submitted')!;
    expect(e).toMatchObject({ id: 'HO1:social_security_card:0:stage:1', type: 'item.transition', actor: 'department:hrss', data: { item: 'social_security_card', from: 'submitted', to: 'processing', stage: '数据录入', results: { collectionBranch: '新华街网点' } } });
    expect(e.data.results).not.toMatchObject({ electronicCardNo: 'J15030018' });
    expect((e.data.results as Record<string, string>).electronicCardNo).toMatch(/\*/);
    // an entry from before the ledger has no event id: nothing to record
    expect(itemTransitionEvent(stored('HO1'), 'pension_insurance', { at: NOW.toISOString(), state: 'done', actor: 'x' }, 'submitted')).toBeUndefined();
  });

  it('lookups, materials, clerk actions and ratings', async () => {
    expect(lookupEvent({ id: 'lookup:u1', at: NOW.toISOString(), actor: 'hr:oHR…@9115', personIdHmac: HMAC, enterprise: '91150302MA0N1A2B37', purpose: '录用登记自动填充', sources: ['公安', '人社部'], matched: true })).toEqual({
      id: 'lookup:u1',
      type: 'autofill.lookup',
      at: NOW.toISOString(),
      actor: 'hr:oHR…@9115',
      subject: { personIdHmac: HMAC, uscc: '91150302MA0N1A2B37' },
      data: { purpose: '录用登记自动填充', sources: ['公安', '人社部'], matched: true },
    });
    expect(materialUploadedEvent({ materialId: 'mt_9', kind: 'id_photo', contentType: 'image/jpeg', sha256: 'e'.repeat(64), size: 10, consentId: 'cs_1', uscc: 'U', actor: 'hr:x', at: 't' })).toMatchObject({ id: 'material:mt_9', type: 'material.uploaded', data: { consentId: 'cs_1', size: 10 } });

    const ledger = memoryLedger();
    const deps = { ledger, ...fakeQueue(), now: () => NOW } as unknown as TDeps;
    const action = await recordClerkAction(deps, { key: 'HO1:accept', clerk: 'clerk01', action: 'window.accept', subject: { uscc: 'U', applicationId: 'HO1' }, data: { channel: 'window' } });
    expect(action).toEqual({ id: 'clerk:HO1:accept', type: 'clerk.action', at: NOW.toISOString(), actor: 'clerk:clerk01', subject: { uscc: 'U', applicationId: 'HO1' }, data: { action: 'window.accept', channel: 'window' } });
    const rating = await recordRating(deps, { key: 'HO1', actor: 'hr:oHR', subject: { uscc: 'U', applicationId: 'HO1' }, level: 2, comment: '等了很久，测试员工甲说不方便' });
    expect(rating.data).toEqual({ level: 2, comment: { sha256: expect.stringMatching(/^[0-9a-f]{64}$/), length: 14 } });
    expect(JSON.stringify(ledger.stored)).not.toContain('测试员工甲');
    await recordClerkAction(deps, { key: 'HO1:accept', clerk: 'clerk01', action: 'window.accept', subject: { uscc: 'U' } }); // again: kept once
    expect(ledger.stored.map((e) => e.event.id)).toEqual(['clerk:HO1:accept', 'rating:HO1']);
  });
});

describe.each(['memory', 'redis'] as const)('transition events on %s', (backend) => {
  let s: TTestStore;
  let store: ApplicationStore;
  beforeAll(async () => {
    s = await startTestStore({ backend });
    store = new ApplicationStore(s.redis, s.prefix, () => NOW);
  });
  afterAll(() => s.close());

  it('rebuilds from the stored history exactly the events the live path built', async () => {
    const app = stored(`${backend}-R1`);
    await store.create(app, `k-${app.id}`, 'h');
    const live: TLedgerEvent[] = [];
    const apply = async (code: Parameters<ApplicationStore['transition']>[1], t: Parameters<ApplicationStore['transition']>[2]) => {
      const o = await store.transition(app.id, code, t);
      if (o.applied) live.push(itemTransitionEvent(app, code, o.logged, o.from)!);
      return o;
    };
    await apply('pension_insurance', { eventId: 'p:done', to: 'done', actor: 'department:hrss', results: { personalSocialSecurityNo: '1503260000015' }, message: null, note: '办结' });
    await apply('social_security_card', { eventId: 'c:stage:1', to: 'processing', actor: 'department:hrss', stage: { name: '数据录入', rank: 1 }, results: { electronicCardNo: 'J15030018' }, note: '数据录入' });
    await apply('labor_filing', { eventId: 'l:corr', to: 'needs_correction', actor: 'department:hrss', message: '工资低于最低工资标准', correctionFields: ['laborFiling.monthlyWageFen'], note: '需要补正' });
    expect((await apply('labor_filing', { eventId: 'l:corr', to: 'needs_correction', actor: 'x' })).applied).toBe(false); // duplicate: no second event
    await apply('labor_filing', { eventId: 'l:fix:1', to: 'processing', actor: 'hr:oHR-open', message: null, correctionFields: [], note: '更正后重新办理' });
    await apply('social_security_card', { eventId: 'c:stage:5', to: 'done', actor: 'department:hrss', stage: { name: '领卡未激活', rank: 5 }, results: { cardNo: 'J15030019' }, note: '办结' });

    expect(live.map((e) => [e.id, e.data.from, e.data.to])).toEqual([
      ['p:done', 'submitted', 'done'],
      ['c:stage:1', 'submitted', 'processing'],
      ['l:corr', 'submitted', 'needs_correction'],
      ['l:fix:1', 'needs_correction', 'processing'],
      ['c:stage:5', 'processing', 'done'],
    ]);
    expect(live[2]!.data).toMatchObject({ message: '工资低于最低工资标准', note: '需要补正' });
    const { views, logs } = await store.itemsWithLogs(app);
    const rebuilt = itemEventsFromLogs(app, logs);
    expect(rebuilt.map((e) => Buffer.from(canonicalEntry(e)).toString('base64')).sort()).toEqual(live.map((e) => Buffer.from(canonicalEntry(e)).toString('base64')).sort());
    // the views do not show the ledger fields of the stored entries
    expect(views.find((v) => v.code === 'labor_filing')!.history.map((h) => Object.keys(h).sort())).toEqual([
      ['actor', 'at', 'note', 'state'],
      ['actor', 'at', 'note', 'state'],
      ['actor', 'at', 'note', 'state'],
    ]);
    expect(JSON.stringify(rebuilt)).not.toContain('J15030018');
  });
});

describe('recordEvents', () => {
  beforeAll(() => logger.configure({ level: 'error', sink: () => undefined }));

  it('appends in one call and asks for a theme-database export (one message per 5-second bucket)', async () => {
    const ledger = memoryLedger();
    const q = fakeQueue();
    const deps = { ledger, ...q, now: () => new Date('2026-11-26T02:00:02.500Z') } as unknown as TDeps;
    const events = [lookupEvent({ id: 'lookup:1', at: 't', actor: 'a', personIdHmac: HMAC, purpose: 'p', sources: [] }), lookupEvent({ id: 'lookup:2', at: 't', actor: 'a', personIdHmac: HMAC, purpose: 'p', sources: [] })];
    expect(await recordEvents(deps, events)).toBe('appended');
    expect(ledger.appendCalls).toBe(1);
    expect(ledger.stored).toHaveLength(2);
    const bucket = Math.floor(Date.parse('2026-11-26T02:00:02.500Z') / 5000);
    expect(q.published).toEqual([{ topic: 'theme-export', body: { bucket }, options: { dedupId: `theme-export:${bucket}`, delaySeconds: 3 } }]);
    expect(await recordEvents(deps, [])).toBe('none');
    expect(ledger.appendCalls).toBe(1);
  });

  it('sends the events to the durable queue when the append fails; the consumer appends them once', async () => {
    const ledger = memoryLedger();
    const q = fakeQueue();
    const deps = { ledger, ...q, now: () => NOW } as unknown as TDeps;
    const events = Array.from({ length: 60 }, (_, i) => lookupEvent({ id: `lookup:${i}`, at: NOW.toISOString(), actor: 'a', personIdHmac: HMAC, purpose: 'p', sources: ['公安'] }));
    ledger.failAppends = true;
    expect(await recordEvents(deps, events)).toBe('queued');
    const messages = q.published.filter((m) => m.topic === LEDGER_TOPIC);
    expect(messages.map((m) => (m.body as TLedgerMessage).events.length)).toEqual([50, 10]);
    expect(new Set(messages.map((m) => m.options.dedupId)).size).toBe(2);
    ledger.failAppends = false;
    for (const m of [...messages, ...messages]) await handleLedgerMessage(deps, ZLedgerMessageSchema.parse(JSON.parse(JSON.stringify(m.body)))); // redelivered too
    expect(ledger.stored.map((e) => e.event.id)).toEqual(events.map((e) => e.id));
  });

  it('throws (and alerts) when neither the ledger nor the queue takes the events', async () => {
    const ledger = memoryLedger();
    ledger.failAppends = true;
    const lines: string[] = [];
    logger.configure({ level: 'error', sink: (l) => lines.push(l) });
    const deps = { ledger, ...fakeQueue({ fail: true }), now: () => NOW } as unknown as TDeps;
    await expect(recordEvents(deps, [lookupEvent({ id: 'lookup:x', at: 't', actor: 'a', personIdHmac: HMAC, purpose: 'p', sources: [] })])).rejects.toThrow('queue down');
    expect(lines.some((l) => l.includes('ALERT ledger events neither appended nor queued') && l.includes('lookup:x'))).toBe(true);
    logger.configure({ level: 'error', sink: () => undefined });
  });
});
