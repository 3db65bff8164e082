/**
 * The 电子证照库 adapter against its simulator over loopback, and the queue
 * consumer against both storage backends: a licence is pushed once, a
 * repeat is “already exists” (success), a redelivery pushes nothing, and a
 * library that is down makes the delivery fail (for the queue to retry)
 * until it is back.
 */
import { randomBytes } from 'node:crypto';
import { AppError } from '../../domain';
import { UpstreamError } from '../adapters/http';
import type { TItemView } from '../applications/item-state';
import type { TStoredApplication } from '../applications/store';
import type { TDeps } from '../deps';
import { encryptField } from '../lib/crypto';
import { logger } from '../lib/logger';
import { createLicenceLibrarySimulator, type TLicenceLibrarySimulator } from '../simulators/licence-library';
import { serveSimulators, type TLoopback } from '../simulators/loopback';
import { startTestStore, type TTestStore } from '../storage/testing';
import { LicenceLibraryClient, type TLicence } from './client';
import { handleLicenceMessage, licenceRecord, licencesIn, publishLicences } from './push';

const ID = '150302199503150020';
let sim: TLicenceLibrarySimulator;
let loop: TLoopback;
let client: LicenceLibraryClient;

beforeAll(async () => {
  logger.configure({ level: 'error', sink: () => undefined });
  sim = createLicenceLibrarySimulator({ now: () => Date.parse('2026-11-26T02:00:00Z') });
  loop = await serveSimulators(sim);
  client = new LicenceLibraryClient({ baseUrl: loop.baseUrlOf(sim), timeoutMs: 2000, retries: 0 });
});
afterAll(() => loop.close());
beforeEach(() => sim.reset());

const licence = (over: Partial<TLicence> = {}): TLicence => ({
  kind: 'employment_certificate',
  licenceNo: '15032026000000013',
  holder: { name: '测试员工甲', idType: '01', idNumber: ID },
  issuer: { name: '乌海市人力资源和社会保障局', code: '150300' },
  issuedAt: '2026-11-26T02:00:00.000Z',
  sourceRef: 'HO20261126TEST',
  ...over,
});

describe('the 电子证照库 adapter and simulator', () => {
  it('stores a licence once; a repeat answers “already exists”, which is success', async () => {
    const first = await client.push(licence());
    expect(first).toEqual({ ok: true, outcome: 'created', licenceId: expect.stringMatching(/^ZZJYCYZ\d{8}$/) });
    const again = await client.push(licence());
    expect(again).toEqual({ ok: true, outcome: 'exists', licenceId: first.ok ? first.licenceId : '' });
    expect(sim.stats()).toEqual({ licences: 1, created: 1, existing: 1, refused: 0 });
    // the same number as another type is another licence
    expect(await client.push(licence({ kind: 'social_security_card' }))).toMatchObject({ ok: true, outcome: 'created' });
    // what the library keeps, as it shows it: the holder masked
    const shown = await (await fetch(`${loop.baseUrlOf(sim)}/licences/JYCYZ/15032026000000013`)).json();
    expect(shown.data).toMatchObject({ licenceTypeName: '就业创业证', holder: { name: '测***甲', idNumber: '150***********0020' }, sourceRef: 'HO20261126TEST' });
  });

  it('refuses the same number for another holder, and a malformed licence', async () => {
    await client.push(licence());
    expect(await client.push(licence({ holder: { name: '测试员工乙', idType: '01', idNumber: '150302199208080015' } }))).toMatchObject({ ok: false, code: 'LICENCE_CONFLICT' });
    expect(await client.push(licence({ licenceNo: '号码' }))).toMatchObject({ ok: false, code: 'INVALID_PARAMS', message: expect.stringContaining('证照编号') });
  });

  it('throws UpstreamError while the library is down or failing', async () => {
    sim.switches.down = true;
    await expect(client.push(licence())).rejects.toBeInstanceOf(UpstreamError);
    sim.switches = { ...sim.switches, down: false, failureRate: 1 };
    await expect(client.push(licence())).rejects.toMatchObject({ name: 'UpstreamError', kind: 'status', status: 500 });
    expect(sim.stats().licences).toBe(0);
  });
});

describe('which licences an application holds', () => {
  const items = [
    { code: 'employment_certificate', results: { electronicCertificateNo: '15032026000000013', physicalTicket: 'JC1' } },
    { code: 'social_security_card', results: { electronicCardNo: 'J15030018', cardNo: 'J15030026' } },
    { code: 'labor_filing', results: { filingNo: 'BA1' } },
  ] as unknown as TItemView[];

  it('pushes the electronic certificate and the e-card, never the physical ones', async () => {
    expect(licencesIn(items)).toEqual([
      { kind: 'employment_certificate', licenceNo: '15032026000000013' },
      { kind: 'social_security_card', licenceNo: 'J15030018' },
    ]);
    const published: unknown[] = [];
    const deps = { queue: { publish: async (...args: unknown[]) => void published.push(args) } } as unknown as TDeps;
    await publishLicences(deps, { id: 'HO1' } as TStoredApplication, items);
    expect(published).toEqual([
      ['licences', { applicationId: 'HO1', kind: 'employment_certificate' }, { dedupId: expect.stringMatching(/^licence:HO1:employment_certificate:[\w-]{16}$/) }],
      ['licences', { applicationId: 'HO1', kind: 'social_security_card' }, { dedupId: expect.stringMatching(/^licence:HO1:social_security_card:[\w-]{16}$/) }],
    ]);
    // the numbers do not travel through the queue provider
    expect(JSON.stringify(published)).not.toMatch(/15032026000000013|J15030018/);
    expect(licencesIn([{ code: 'social_security_card', results: {} }] as unknown as TItemView[])).toEqual([]);
  });
});

describe.each(['memory', 'redis'] as const)('the queue consumer on %s', (backend) => {
  let s: TTestStore;
  beforeAll(async () => {
    s = await startTestStore({ backend });
  });
  afterAll(() => s.close());

  function deps(prefix: string, results: Record<string, string> = { electronicCardNo: 'J15030018' }): TDeps {
    const keys = { encryptionKey: randomBytes(32), hmacKey: randomBytes(32) };
    const app = {
      id: 'HO20261126TEST',
      application: { employee: { name: '测试员工甲', documentType: '01', documentNumber: encryptField(ID, keys, 'employee.documentNumber') } },
    } as unknown as TStoredApplication;
    const item = {
      code: 'social_security_card',
      results,
      updatedAt: '2026-11-26T02:00:02.000Z',
      history: [
        { at: '2026-11-26T02:00:00.000Z', state: 'submitted', actor: 'hr' },
        { at: '2026-11-26T02:00:01.000Z', state: 'processing', stage: '数据录入', actor: 'department:hrss' },
      ],
    } as unknown as TItemView;
    return {
      redis: s.redis,
      prefix,
      keys,
      now: () => new Date('2026-11-26T02:00:05Z'),
      licences: client,
      card: { licenceIssuer: { name: '乌海市人力资源和社会保障局', code: '150300' } },
      store: { get: async (id: string) => (id === app.id ? app : null), items: async () => [item] },
    } as unknown as TDeps;
  }
  const msg = { applicationId: 'HO20261126TEST', kind: 'social_security_card' as const };

  it('pushes once; a redelivery pushes nothing', async () => {
    const d = deps(`${s.prefix}a:`);
    expect(await handleLicenceMessage(d, msg)).toMatchObject({ pushed: true, outcome: 'created' });
    expect(await handleLicenceMessage(d, msg)).toEqual({ pushed: false, reason: 'already_pushed' });
    expect(sim.stats()).toMatchObject({ licences: 1, created: 1, existing: 0 });
    expect(await licenceRecord(d, 'social_security_card', 'J15030018')).toMatchObject({ outcome: 'created', pushedAt: '2026-11-26T02:00:05.000Z', applicationId: 'HO20261126TEST' });
    expect(sim.list()[0]).toMatchObject({ licenceType: 'SHBZK', issuedAt: '2026-11-26T02:00:01.000Z', holder: { idNumber: '150***********0020' } });
  });

  it('fails the delivery while the library is down and pushes when it is back (the backfill)', async () => {
    const d = deps(`${s.prefix}b:`);
    sim.switches.down = true;
    const failed = await handleLicenceMessage(d, msg).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(AppError);
    expect(failed).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', status: 503 });
    expect(await licenceRecord(d, 'social_security_card', 'J15030018')).toBeNull();
    sim.switches.down = false;
    expect(await handleLicenceMessage(d, msg)).toMatchObject({ pushed: true, outcome: 'created' });
  });

  it('counts “already exists” as pushed (a record lost, or pushed by a concurrent delivery)', async () => {
    await client.push(licence({ kind: 'social_security_card', licenceNo: 'J15030018' }));
    const d = deps(`${s.prefix}c:`);
    expect(await handleLicenceMessage(d, msg)).toMatchObject({ pushed: true, outcome: 'exists' });
    expect(sim.stats()).toMatchObject({ licences: 1, created: 1, existing: 1 });
  });

  it('acknowledges a message for an item without an e-licence or an unknown application, and one the library refuses', async () => {
    expect(await handleLicenceMessage(deps(`${s.prefix}d:`, {}), msg)).toEqual({ pushed: false, reason: 'not_issued' });
    const d = deps(`${s.prefix}d:`);
    expect(await handleLicenceMessage(d, { ...msg, applicationId: 'HO-GONE' })).toEqual({ pushed: false, reason: 'no_application' });
    await client.push(licence({ kind: 'social_security_card', licenceNo: 'J15030018', holder: { name: '测试员工乙', idType: '01', idNumber: '150302199208080015' } }));
    expect(await handleLicenceMessage(d, msg)).toEqual({ pushed: false, reason: 'refused' });
    expect(await s.redis.get(`${s.prefix}d:licence:social_security_card:J15030018:refused`)).toContain('LICENCE_CONFLICT');
  });
});
