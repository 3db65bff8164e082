/**
 * 卡状态查询 through the 人社 adapter against its simulator over loopback:
 * an e-card is 正常 at once; a physical card is unknown until made, then
 * 封存 until activated; 挂失 / 注销 of one card stop the person's other
 * cards; the query has its own failure switch.
 */
import { ZApplicationSchema, type TApplication } from '../../domain/form/schema';
import { validApplication } from '../../tests/fixtures/application';
import { UpstreamError } from '../adapters/http';
import { HrssClient } from '../departments/hrss';
import { luhnCheckDigit } from '../simulators/departments/common';
import { createHrssSimulator, type THrssSimulator } from '../simulators/departments/hrss';
import { serveSimulators, type TLoopback } from '../simulators/loopback';

const T0 = Date.parse('2026-11-26T02:00:00Z');
const ID = '150302199503150020';
let clock = T0;
let sim: THrssSimulator;
let loop: TLoopback;
let client: HrssClient;
const app = (): TApplication => ZApplicationSchema.parse(validApplication());

beforeAll(async () => {
  sim = createHrssSimulator({ now: () => clock, cardStageMs: 1000 });
  loop = await serveSimulators(sim);
  client = new HrssClient({ baseUrl: loop.baseUrlOf(sim), timeoutMs: 2000, retries: 0 });
});
afterAll(() => loop.close());
beforeEach(() => {
  sim.reset();
  clock = T0;
});

async function cards(): Promise<{ electronic: string; physical: string; applicationNo: string }> {
  const enrolled = await client.enrolPension({ requestId: 'A1:pension_insurance', application: app() });
  if (!enrolled.ok) throw new Error(enrolled.message);
  const { personalSocialSecurityNo } = enrolled.result;
  const e = await client.applySocialSecurityCard({ requestId: 'A1:card:electronic', application: app(), variant: 'electronic', personalSocialSecurityNo });
  const p = await client.applySocialSecurityCard({ requestId: 'A1:card:physical', application: app(), variant: 'physical_sporadic', personalSocialSecurityNo });
  if (!e.ok || !p.ok) throw new Error('card application failed');
  clock = T0 + 10_000; // the physical card is made
  const made = await client.getSocialSecurityCard(p.result.applicationNo);
  if (!made.ok || !made.result.cardNo) throw new Error('not made');
  return { electronic: e.result.cardNo!, physical: made.result.cardNo, applicationNo: p.result.applicationNo };
}

const post = (path: string, body: unknown) =>
  fetch(`${loop.baseUrlOf(sim)}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('卡状态查询', () => {
  it('answers 正常 for the e-card and 封存 for a physical card made but not yet activated', async () => {
    const c = await cards();
    expect(await client.queryCardStatus({ cardNo: c.electronic, idNumber: ID })).toMatchObject({
      ok: true,
      result: { cardNo: c.electronic, cardType: 'electronic', status: 'normal', statusText: '正常', regionName: '内蒙古自治区乌海市' },
    });
    expect(await client.queryCardStatus({ cardNo: c.physical, idNumber: ID })).toMatchObject({
      ok: true,
      result: { cardType: 'physical', status: 'sealed', statusText: '封存', since: new Date(T0 + 2000).toISOString(), bank: expect.any(String) },
    });
    // activation at the branch (played by the development route) makes it 正常
    expect((await post('/_dev/card-status', { cardNo: c.physical, status: 'normal' })).status).toBe(200);
    expect(await client.queryCardStatus({ cardNo: c.physical, idNumber: ID })).toMatchObject({ ok: true, result: { status: 'normal' } });
  });

  it('stops the e-card when the physical card is reported lost or cancelled', async () => {
    const c = await cards();
    await post('/_dev/card-status', { cardNo: c.physical, status: 'lost' });
    expect(await client.queryCardStatus({ cardNo: c.electronic, idNumber: ID })).toMatchObject({
      ok: true,
      result: { status: 'lost', statusText: '挂失', reason: '实体社保卡已挂失，本卡同步暂停使用' },
    });
    await post('/_dev/card-status', { cardNo: c.physical, status: 'cancelled' });
    expect(await client.queryCardStatus({ cardNo: c.electronic, idNumber: ID })).toMatchObject({ ok: true, result: { status: 'cancelled', statusText: '注销' } });
  });

  it('refuses a card that is not the person’s, or not made yet', async () => {
    const c = await cards();
    expect(await client.queryCardStatus({ cardNo: c.electronic, idNumber: '150302199208080015' })).toMatchObject({ ok: false, code: 'CARD_NOT_FOUND' });
    expect(await client.queryCardStatus({ cardNo: 'J99999999', idNumber: ID })).toMatchObject({ ok: false, code: 'CARD_NOT_FOUND' });
    // a second physical card, applied for now, is not made yet (its number is reserved: the next in the series)
    const enrolled = await client.enrolPension({ requestId: 'A1:pension_insurance', application: app() });
    const p = await client.applySocialSecurityCard({ requestId: 'A2:card', application: app(), variant: 'physical_batch', personalSocialSecurityNo: enrolled.ok ? enrolled.result.personalSocialSecurityNo : '' });
    expect(p.ok && p.result.cardNo).toBeNull();
    const reserved = `J1503003${luhnCheckDigit('1503003')}`;
    expect(await client.queryCardStatus({ cardNo: reserved, idNumber: ID })).toMatchObject({ ok: false, code: 'CARD_NOT_FOUND', message: expect.stringContaining('尚未制成') });
    clock += 10_000;
    expect(await client.queryCardStatus({ cardNo: reserved, idNumber: ID })).toMatchObject({ ok: true, result: { status: 'sealed' } });
  });

  it('has a failure switch of its own: 503 → UpstreamError, the rest of 人社 keeps working', async () => {
    const c = await cards();
    expect((await post('/_dev/card-status', { down: true })).status).toBe(200);
    await expect(client.queryCardStatus({ cardNo: c.electronic, idNumber: ID })).rejects.toBeInstanceOf(UpstreamError);
    expect((await client.getSocialSecurityCard(c.applicationNo)).ok).toBe(true);
    await post('/_dev/card-status', { down: false });
    expect((await client.queryCardStatus({ cardNo: c.electronic, idNumber: ID })).ok).toBe(true);
    // and the simulator's general switches apply too
    sim.switches.down = true;
    await expect(client.queryCardStatus({ cardNo: c.electronic, idNumber: ID })).rejects.toBeInstanceOf(UpstreamError);
  });
});
