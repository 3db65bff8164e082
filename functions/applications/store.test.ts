/**
 * The store layer's Lua scripts against both backends (the embedded
 * ioredis-mock and a real Redis), through the real @upstash/redis client and
 * our gateway: filing is atomic and idempotent, item transitions are
 * forward-only and idempotent by event id.
 */
import { ITEM_CATALOG } from '../../domain';
import { startTestStore, type TTestStore } from '../storage/testing';
import { ApplicationStore, type TStoredApplication } from './store';

function stored(id: string, overrides: Partial<TStoredApplication> = {}): TStoredApplication {
  return {
    id,
    uscc: '91150302MA0N1A2B37',
    enterpriseName: '示例',
    filedBy: 'oHR',
    filedAt: '2026-11-26T01:00:00.000Z',
    filedOn: '2026-11-26',
    personIdHmac: 'h'.repeat(64),
    maskedDocumentNumber: '150***********0020',
    application: { employee: { documentNumber: 'v1.x', name: '测试员工甲' } } as never,
    variants: {},
    dueDates: Object.fromEntries(ITEM_CATALOG.map((i) => [i.code, []])) as never,
    ...overrides,
  };
}

describe.each(['memory', 'redis'] as const)('ApplicationStore on %s', (backend) => {
  let s: TTestStore;
  let store: ApplicationStore;
  beforeAll(async () => {
    s = await startTestStore({ backend });
    store = new ApplicationStore(s.redis, s.prefix, () => new Date('2026-11-26T02:00:00Z'));
  });
  afterAll(() => s.close());

  it('creates an application with its seven items at once, or finds it by the key', async () => {
    expect(await store.create(stored('A1'), 'key-0001', 'hash1')).toEqual({ outcome: 'created', id: 'A1' });
    expect(await store.create(stored('A2'), 'key-0001', 'hash1')).toEqual({ outcome: 'existing', id: 'A1' });
    expect(await store.create(stored('A3'), 'key-0001', 'hash2')).toEqual({ outcome: 'conflict', id: 'A1' });
    expect(await store.get('A2')).toBeNull();
    const items = await store.items((await store.get('A1'))!);
    expect(items.map((i) => [i.code, i.state, i.history.length])).toEqual(ITEM_CATALOG.map((i) => [i.code, 'submitted', 1]));
  });

  it('creates concurrently filed copies only once', async () => {
    const results = await Promise.all([1, 2, 3, 4, 5].map((n) => store.create(stored(`C${n}`), 'key-concurrent', 'same')));
    expect(results.filter((r) => r.outcome === 'created')).toHaveLength(1);
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    const listed = await store.listIds('ent', '91150302MA0N1A2B37', 50);
    expect(listed.ids.filter((id) => id.startsWith('C'))).toHaveLength(1);
  });

  it('moves forward only, once per event, keeping results and history', async () => {
    const app = (await store.get('A1'))!;
    expect(await store.transition('A1', 'pension_insurance', { eventId: 'e1', to: 'processing', actor: 'system' })).toMatchObject({ applied: true, state: 'processing', entry: { state: 'processing', actor: 'system' } });
    expect(await store.transition('A1', 'pension_insurance', { eventId: 'e1', to: 'processing', actor: 'system' })).toMatchObject({ applied: false, reason: 'duplicate' });
    expect(await store.transition('A1', 'pension_insurance', { eventId: 'e2', to: 'done', actor: 'department:hrss', results: { personalSocialSecurityNo: '1503260000015' } })).toMatchObject({ applied: true });
    expect(await store.transition('A1', 'pension_insurance', { eventId: 'e3', to: 'processing', actor: 'x' })).toEqual({ applied: false, reason: 'not_allowed', state: 'done' });
    expect(await store.transition('A1', 'nope' as never, { eventId: 'e4', to: 'done', actor: 'x' })).toMatchObject({ applied: false, reason: 'missing' });
    const pension = (await store.items(app)).find((i) => i.code === 'pension_insurance')!;
    expect(pension).toMatchObject({ state: 'done', results: { personalSocialSecurityNo: '1503260000015' } });
    expect(pension.history.map((h) => h.state)).toEqual(['submitted', 'processing', 'done']);
  });

  it('never moves a stage back', async () => {
    await store.transition('A1', 'social_security_card', { eventId: 's1', to: 'processing', actor: 'd', stage: { name: '制卡中', rank: 2 } });
    expect(await store.transition('A1', 'social_security_card', { eventId: 's0', to: 'processing', actor: 'd', stage: { name: '数据录入', rank: 1 } })).toMatchObject({
      applied: false,
      reason: 'stage_backwards',
    });
    await store.transition('A1', 'social_security_card', { eventId: 's3', to: 'done', actor: 'd', stage: { name: '领卡未激活', rank: 5 } });
    const card = (await store.items((await store.get('A1'))!)).find((i) => i.code === 'social_security_card')!;
    expect([card.state, card.stage]).toEqual(['done', '领卡未激活']);
  });

  it('counts corrections and keeps the correction fields', async () => {
    await store.transition('A1', 'medical_insurance', { eventId: 'm1', to: 'needs_correction', actor: 'd', message: '请核对', correctionFields: ['insurance.insuranceStartDate'] });
    let medical = (await store.items((await store.get('A1'))!)).find((i) => i.code === 'medical_insurance')!;
    expect(medical).toMatchObject({ state: 'needs_correction', message: '请核对', correctionFields: ['insurance.insuranceStartDate'], corrections: 0 });
    await store.transition('A1', 'medical_insurance', { eventId: 'm2', to: 'processing', actor: 'hr', message: null, correctionFields: [] });
    medical = (await store.items((await store.get('A1'))!)).find((i) => i.code === 'medical_insurance')!;
    expect(medical).toMatchObject({ state: 'processing', message: null, correctionFields: [], corrections: 1 });
  });

  it('pages newest first', async () => {
    for (let n = 0; n < 5; n++) {
      await store.create(stored(`P${n}`, { uscc: '91150303MA0N7C8D99', filedAt: new Date(Date.UTC(2026, 10, 20 + n)).toISOString() }), `key-p${n}`, 'h');
    }
    const first = await store.listIds('ent', '91150303MA0N7C8D99', 2);
    expect(first.ids).toEqual(['P4', 'P3']);
    const second = await store.listIds('ent', '91150303MA0N7C8D99', 2, first.next);
    expect(second.ids).toEqual(['P2', 'P1']);
    const last = await store.listIds('ent', '91150303MA0N7C8D99', 2, second.next);
    expect(last).toEqual({ ids: ['P0'] });
    expect(await store.states(['P4'])).toEqual({ P4: Object.fromEntries(ITEM_CATALOG.map((i) => [i.code, 'submitted'])) });
  });
});
