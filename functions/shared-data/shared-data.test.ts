/**
 * The shared-data clients against their simulators over real loopback HTTP.
 * The server below forwards paths under each prefix to `sim.handle`, and can
 * answer the next N calls of a simulator with 500 (to test retries exactly).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ZEmployerSchema } from '../../domain';
import { CircuitBreaker, UpstreamError } from '../adapters/http';
import { DEMO_ENTERPRISES, DEMO_PEOPLE, makeUscc, PEOPLE } from '../simulators/dataset';
import type { TSimulator } from '../simulators/framework';
import {
  createEducationSimulator,
  createMarketRegulationSimulator,
  createPublicSecuritySimulator,
} from '../simulators/shared-data';
import { routeToSimulator } from '../simulators/loopback';
import {
  createSharedDataClients,
  EducationClient,
  highestEducation,
  isActiveRegistration,
  MarketRegulationClient,
  PublicSecurityClient,
  type TSharedDataClientOptions,
} from './index';

const market = createMarketRegulationSimulator({ defaultLatencyMs: 0 });
const police = createPublicSecuritySimulator({ defaultLatencyMs: 0 });
const mohrss = createEducationSimulator({ defaultLatencyMs: 0 });
const sims = [market, police, mohrss];

/** Requests per simulator (including those the switches answered) and injected failures. */
const hits = new Map<TSimulator, number>();
const failNext = new Map<TSimulator, number>();
const seenHeaders: http.IncomingHttpHeaders[] = [];
let server: http.Server;
let origin: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const target = routeToSimulator(sims, new URL(req.url ?? '/', 'http://x').pathname);
    if (!target) {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'not found' }));
      return;
    }
    hits.set(target.sim, (hits.get(target.sim) ?? 0) + 1);
    seenHeaders.push(req.headers);
    const fail = failNext.get(target.sim) ?? 0;
    if (fail > 0) {
      failNext.set(target.sim, fail - 1);
      res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: '注入的故障' }));
      return;
    }
    void target.sim.handle(req, res, target.subpath);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(
  () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
);
afterEach(() => {
  sims.forEach((s) => s.reset());
  hits.clear();
  failNext.clear();
  seenHeaders.length = 0;
});

const opts = (sim: TSimulator, extra: Partial<TSharedDataClientOptions> = {}): TSharedDataClientOptions => ({
  baseUrl: origin + sim.prefix,
  timeoutMs: 500,
  retries: 0,
  ...extra,
});

async function failure(promise: Promise<unknown>): Promise<UpstreamError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(UpstreamError);
    return error as UpstreamError;
  }
  throw new Error('expected an UpstreamError');
}

describe('MarketRegulationClient.lookupEnterprise', () => {
  test('the demo enterprise, with the form’s keys and codes', async () => {
    const client = new MarketRegulationClient(opts(market));
    const e = DEMO_ENTERPRISES.energy;
    const result = await client.lookupEnterprise(e.uscc);
    expect(result).toEqual({
      uscc: '91150302MA0N1A2B37',
      name: '乌海市海勃湾区示例能源有限公司',
      address: e.address,
      legalRepresentative: '测试法人甲',
      contactName: e.contactName,
      contactPhone: e.contactPhone!.replace('-', ''),
      industrialSector: '2',
      divisionCode: '150302',
      industryCode: '44',
      status: '存续',
    });
    expect(isActiveRegistration(result!.status)).toBe(true);
    const { status: _s, ...employer } = result!;
    expect(ZEmployerSchema.safeParse(employer).success).toBe(true);
  });

  test('typed input is normalized (lower case, spaces, full width)', async () => {
    const client = new MarketRegulationClient(opts(market));
    expect((await client.lookupEnterprise(' 91150303ma0n7c8d99 '))?.legalRepresentative).toBe('测试法人乙');
    expect((await client.lookupEnterprise('９１１５０３０３ＭＡ０Ｎ７Ｃ８Ｄ９９'))?.industryCode).toBe('30');
  });

  test('no contact on file → no contact keys; a 注销 enterprise says so', async () => {
    const client = new MarketRegulationClient(opts(market));
    const noContact = await client.lookupEnterprise(DEMO_ENTERPRISES.noContact.uscc);
    expect(noContact).not.toHaveProperty('contactName');
    expect(noContact).not.toHaveProperty('contactPhone');
    const cancelled = await client.lookupEnterprise(DEMO_ENTERPRISES.cancelled.uscc);
    expect(cancelled?.status).toBe('注销');
    expect(isActiveRegistration(cancelled!.status)).toBe(false);
  });

  test('unknown code → null; an invalid code → null without calling', async () => {
    const client = new MarketRegulationClient(opts(market));
    expect(await client.lookupEnterprise(makeUscc('150302', 'MA0N9Y9Y9'))).toBeNull();
    expect(hits.get(market)).toBe(1);
    expect(await client.lookupEnterprise('91150302MA0N1A2B38')).toBeNull();
    expect(hits.get(market)).toBe(1);
  });

  test('a 404 without the business code (wrong base URL) is a failure, not "no record"', async () => {
    const client = new MarketRegulationClient({ ...opts(market), baseUrl: `${origin}/sim/nowhere` });
    const error = await failure(client.lookupEnterprise(DEMO_ENTERPRISES.energy.uscc));
    expect(error).toMatchObject({ kind: 'status', status: 404 });
  });
});

describe('PublicSecurityClient.verifyPerson', () => {
  const client = () => new PublicSecurityClient(opts(police));

  test('a matching name → the identity fields with the form’s keys and codes', async () => {
    const a = DEMO_PEOPLE.employeeA;
    expect(await client().verifyPerson({ idType: 'citizen_id', idNumber: a.documentNumber, name: '测试员工甲' })).toEqual({
      sex: '2',
      birthDate: '1995-03-15',
      ethnicGroup: '01',
      hukouNature: '51',
      hukouAddress: a.hukouAddress,
    });
    expect(await client().verifyPerson({ idType: 'citizen_id', idNumber: DEMO_PEOPLE.employeeB.documentNumber, name: '测试员工乙' })).toMatchObject({
      sex: '1',
      birthDate: '1992-08-08',
      ethnicGroup: '02',
    });
  });

  test('a wrong name, an unknown number or another document type → null', async () => {
    const a = DEMO_PEOPLE.employeeA;
    expect(await client().verifyPerson({ idType: 'citizen_id', idNumber: a.documentNumber, name: '测试员工乙' })).toBeNull();
    expect(await client().verifyPerson({ idType: 'citizen_id', idNumber: '150302199503150039', name: '测试员工甲' })).toBeNull();
    expect(await client().verifyPerson({ idType: 'hmt_residence_permit', idNumber: a.documentNumber, name: '测试员工甲' })).toBeNull();
  });

  test('the document kind is sent as its 证件类型 code; other documents verify too', async () => {
    const pr = DEMO_PEOPLE.foreignPermanentResident;
    expect(await client().verifyPerson({ idType: 'foreign_permanent_residence', idNumber: pr.documentNumber, name: pr.name })).toEqual({
      sex: '1',
      birthDate: '1988-05-12',
      hukouNature: '42',
      nationality: '840',
    });
    const hk = DEMO_PEOPLE.hkResidencePermit;
    expect(await client().verifyPerson({ idType: 'hmt_residence_permit', idNumber: hk.documentNumber, name: hk.name })).toMatchObject({
      sex: '2',
      hukouNature: '31',
    });
    expect(await client().verifyPerson({ idType: '17', idNumber: hk.documentNumber, name: hk.name })).not.toBeNull();
    const permit = DEMO_PEOPLE.hkTravelPermit;
    expect(await client().verifyPerson({ idType: 'hm_travel_permit', idNumber: permit.documentNumber.toLowerCase(), name: permit.name })).toMatchObject({
      birthDate: '1990-10-10',
    });
  });

  test('a POST verification is retried (it carries an idempotency key)', async () => {
    failNext.set(police, 1);
    const a = DEMO_PEOPLE.employeeA;
    const c = new PublicSecurityClient(opts(police, { retries: 1 }));
    expect(await c.verifyPerson({ idType: 'citizen_id', idNumber: a.documentNumber, name: a.name })).not.toBeNull();
    expect(hits.get(police)).toBe(2);
    expect(seenHeaders[0]!['idempotency-key']).toBeDefined();
    expect(seenHeaders[1]!['idempotency-key']).toBe(seenHeaders[0]!['idempotency-key']);
  });
});

describe('EducationClient.lookupEducation', () => {
  const client = () => new EducationClient(opts(mohrss));

  test('the demo record, with the form’s keys and codes', async () => {
    expect(await client().lookupEducation(DEMO_PEOPLE.employeeA.documentNumber)).toEqual({
      education: '21',
      graduateSchool: '内蒙古大学',
      major: '计算机科学与技术',
      graduationDate: '2017-07-01',
    });
  });

  test('no record → null', async () => {
    expect(await client().lookupEducation(DEMO_PEOPLE.employeeB.documentNumber)).toBeNull();
    expect(await client().lookupEducation('150302199503150039')).toBeNull();
  });

  test('the highest of several records', async () => {
    const master = PEOPLE.find((p) => p.educationRecords.some((r) => r.education === '14') && p.educationRecords.length >= 2)!;
    const result = await client().lookupEducation(master.documentNumber);
    expect(result?.education).toBe(master.educationRecords.some((r) => r.education === '11') ? '11' : '14');
    expect(highestEducation([
      { education: '31', graduateSchool: 'x', graduationDate: '2010-07-01' },
      { education: '90', graduateSchool: 'y', graduationDate: '2020-07-01' },
      { education: '21', graduateSchool: 'z', graduationDate: '2015-07-01' },
    ])?.education).toBe('21');
  });

  test('GETs are retried on 500', async () => {
    failNext.set(mohrss, 1);
    const c = new EducationClient(opts(mohrss, { retries: 1 }));
    expect((await c.lookupEducation(DEMO_PEOPLE.employeeA.documentNumber))?.education).toBe('21');
    expect(hits.get(mohrss)).toBe(2);
  });

  test('without retries a 500 is an UpstreamError', async () => {
    failNext.set(mohrss, 1);
    const error = await failure(client().lookupEducation(DEMO_PEOPLE.employeeA.documentNumber));
    expect(error).toMatchObject({ kind: 'status', status: 500, retryable: true });
  });
});

describe('sources down or slow: UpstreamError, quickly', () => {
  test('a down source → status 503 at once', async () => {
    market.switches.down = true;
    const started = Date.now();
    const error = await failure(new MarketRegulationClient(opts(market)).lookupEnterprise(DEMO_ENTERPRISES.energy.uscc));
    expect(error).toMatchObject({ kind: 'status', status: 503, upstream: '市监' });
    expect(Date.now() - started).toBeLessThan(300);
  });

  test('a down source with a retry still fails within a few hundred ms', async () => {
    police.switches.down = true;
    const started = Date.now();
    const a = DEMO_PEOPLE.employeeA;
    const error = await failure(new PublicSecurityClient(opts(police, { retries: 1 })).verifyPerson({ idType: 'citizen_id', idNumber: a.documentNumber, name: a.name }));
    expect(error).toMatchObject({ kind: 'status', status: 503 });
    expect(hits.get(police)).toBe(2);
    expect(Date.now() - started).toBeLessThan(600);
  });

  test('a source slower than the timeout → timeout, within the timeout', async () => {
    mohrss.switches.latencyMs = 1_000;
    const started = Date.now();
    const error = await failure(new EducationClient(opts(mohrss, { timeoutMs: 100 })).lookupEducation(DEMO_PEOPLE.employeeA.documentNumber));
    expect(error.kind).toBe('timeout');
    expect(error.retryable).toBe(true);
    expect(Date.now() - started).toBeLessThan(400);
  });

  test('nothing listening → network', async () => {
    const error = await failure(new MarketRegulationClient({ baseUrl: 'http://127.0.0.1:1/sim/market', timeoutMs: 300, retries: 0 }).lookupEnterprise(DEMO_ENTERPRISES.energy.uscc));
    expect(error.kind).toBe('network');
  });

  test('the circuit opens after repeated failures, stops calling, and closes after a successful trial', async () => {
    let now = 1_000_000;
    const breaker = new CircuitBreaker({ failureThreshold: 3, cooldownMs: 5_000 }, () => now);
    const client = new MarketRegulationClient(opts(market, { breaker }));
    market.switches.down = true;
    for (let i = 0; i < 3; i++) expect((await failure(client.lookupEnterprise(DEMO_ENTERPRISES.energy.uscc))).kind).toBe('status');
    expect(breaker.state).toBe('open');
    const open = await failure(client.lookupEnterprise(DEMO_ENTERPRISES.energy.uscc));
    expect(open.kind).toBe('circuit_open');
    expect(hits.get(market)).toBe(3);

    market.switches.down = false;
    now += 5_000;
    expect(breaker.state).toBe('half_open');
    expect((await client.lookupEnterprise(DEMO_ENTERPRISES.energy.uscc))?.name).toBe(DEMO_ENTERPRISES.energy.name);
    expect(breaker.state).toBe('closed');
  });

  test('"no record" answers do not count as failures', async () => {
    const breaker = new CircuitBreaker({ failureThreshold: 2, cooldownMs: 60_000 });
    const client = new MarketRegulationClient(opts(market, { breaker }));
    for (let i = 0; i < 3; i++) expect(await client.lookupEnterprise(makeUscc('150303', `MA0P0000${i}`))).toBeNull();
    expect(breaker.state).toBe('closed');
  });
});

describe('contract and configuration', () => {
  const json = (status: number, body: unknown): typeof fetch =>
    (async () => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })) as typeof fetch;

  test('an unknown business code or data out of contract → invalid_response', async () => {
    const unknownCode = new MarketRegulationClient({ baseUrl: 'http://upstream.test', timeoutMs: 200, retries: 0, fetchImpl: json(200, { code: '9999', message: '系统繁忙' }) });
    expect((await failure(unknownCode.lookupEnterprise(DEMO_ENTERPRISES.energy.uscc))).kind).toBe('invalid_response');
    const badCode = new MarketRegulationClient({
      baseUrl: 'http://upstream.test',
      timeoutMs: 200,
      retries: 0,
      fetchImpl: json(200, { code: '0000', message: '成功', data: { uscc: DEMO_ENTERPRISES.energy.uscc, enterpriseName: 'x', address: 'y', legalRepresentative: '测试法人甲', industrialSectorCode: '9', divisionCode: '150302', industryCode: '44', registrationStatus: '存续' } }),
    });
    expect((await failure(badCode.lookupEnterprise(DEMO_ENTERPRISES.energy.uscc))).kind).toBe('invalid_response');
    const noSex = new PublicSecurityClient({ baseUrl: 'http://upstream.test', timeoutMs: 200, retries: 0, fetchImpl: json(200, { code: '0000', message: '成功', data: { birthDate: '19950315' } }) });
    expect((await failure(noSex.verifyPerson({ idType: 'citizen_id', idNumber: DEMO_PEOPLE.employeeA.documentNumber, name: '测试员工甲' }))).kind).toBe('invalid_response');
  });

  test('an unknown optional code from 公安 is dropped, not fatal', async () => {
    const c = new PublicSecurityClient({
      baseUrl: 'http://upstream.test',
      timeoutMs: 200,
      retries: 0,
      fetchImpl: json(200, { code: '0000', message: '成功', data: { sex: '1', birthDate: '19920808', ethnicGroup: 'ZZ', hukouNature: '', hukouAddress: null } }),
    });
    expect(await c.verifyPerson({ idType: 'citizen_id', idNumber: DEMO_PEOPLE.employeeB.documentNumber, name: '测试员工乙' })).toEqual({ sex: '1', birthDate: '1992-08-08' });
  });

  test('timeouts above the 2 s auto-fill promise are refused', () => {
    expect(() => new EducationClient({ baseUrl: origin, timeoutMs: 2_001 })).toThrow(RangeError);
    expect(() => new EducationClient({ baseUrl: origin, timeoutMs: 500, retries: 9 })).toThrow(RangeError);
  });

  test('createSharedDataClients wires the three from the environment', async () => {
    const clients = createSharedDataClients(
      {
        MARKET_API_BASE_URL: origin + market.prefix,
        POLICE_API_BASE_URL: origin + police.prefix,
        MOHRSS_API_BASE_URL: origin + mohrss.prefix,
        UPSTREAM_TIMEOUT_MS: 500,
      },
      { retries: 0 },
    );
    const a = DEMO_PEOPLE.employeeA;
    const [employer, person, education] = await Promise.all([
      clients.market.lookupEnterprise(DEMO_ENTERPRISES.buildingMaterials.uscc),
      clients.police.verifyPerson({ idType: 'citizen_id', idNumber: a.documentNumber, name: a.name }),
      clients.education.lookupEducation(a.documentNumber),
    ]);
    expect(employer?.name).toBe('乌海市海南区示例建材有限公司');
    expect(person?.sex).toBe('2');
    expect(education?.graduateSchool).toBe('内蒙古大学');
    expect(clients.market.http.name).toBe('市监');
  });
});
