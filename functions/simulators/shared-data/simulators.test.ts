import { DEMO_ENTERPRISES, DEMO_PEOPLE } from '../dataset';
import {
  createEducationSimulator,
  createMarketRegulationSimulator,
  createPublicSecuritySimulator,
  createSharedDataSimulators,
} from './index';
import { serveSimulators, type TLoopback } from '../loopback';

const market = createMarketRegulationSimulator({ defaultLatencyMs: 0 });
const police = createPublicSecuritySimulator({ defaultLatencyMs: 0 });
const mohrss = createEducationSimulator({ defaultLatencyMs: 0 });
let server: TLoopback;

beforeAll(async () => {
  server = await serveSimulators(market, police, mohrss);
});
afterAll(() => server.close());
afterEach(() => [market, police, mohrss].forEach((s) => s.reset()));

async function call(path: string, init: RequestInit = {}): Promise<{ status: number; body: any }> {
  const response = await fetch(server.origin + path, init);
  return { status: response.status, body: await response.json() };
}
const verify = (body: unknown) =>
  call('/sim/police/persons/verify', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('市监 GET /enterprises/:uscc', () => {
  test('an enterprise, in the shared envelope', async () => {
    const { status, body } = await call(`/sim/market/enterprises/${DEMO_ENTERPRISES.energy.uscc}`, { headers: { 'x-request-id': 'req-001' } });
    expect(status).toBe(200);
    expect(body).toEqual({
      code: '0000',
      message: '成功',
      requestId: 'req-001',
      timestamp: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/),
      data: {
        uscc: '91150302MA0N1A2B37',
        enterpriseName: '乌海市海勃湾区示例能源有限公司',
        address: DEMO_ENTERPRISES.energy.address,
        legalRepresentative: '测试法人甲',
        contactName: DEMO_ENTERPRISES.energy.contactName,
        contactPhone: DEMO_ENTERPRISES.energy.contactPhone,
        industrialSectorCode: '2',
        industrialSectorName: '第二产业',
        divisionCode: '150302',
        divisionName: '内蒙古自治区乌海市海勃湾区',
        industryCode: '44',
        industryName: '电力、热力生产和供应业',
        registrationStatus: '存续',
        establishedDate: '20190312',
        registrationAuthority: '乌海市海勃湾区市场监督管理局',
      },
    });
    expect(market.calls.get('GET /enterprises/:uscc')).toBe(1);
  });

  test('no contact on file is null; a 注销 enterprise says so', async () => {
    expect((await call(`/sim/market/enterprises/${DEMO_ENTERPRISES.noContact.uscc}`)).body.data).toMatchObject({ contactName: null, contactPhone: null });
    expect((await call(`/sim/market/enterprises/${DEMO_ENTERPRISES.cancelled.uscc}`)).body.data.registrationStatus).toBe('注销');
  });

  test('unknown → 404 with 4040; malformed → 400', async () => {
    const unknown = await call('/sim/market/enterprises/91150302MA0N1A2B48');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ code: '4040', message: '未查询到该统一社会信用代码的登记信息' });
    expect(unknown.body.data).toBeUndefined();
    const malformed = await call('/sim/market/enterprises/not-a-code');
    expect(malformed.status).toBe(400);
    expect(malformed.body.code).toBe('4000');
  });
});

describe('公安 POST /persons/verify', () => {
  const a = DEMO_PEOPLE.employeeA;

  test('a matching name discloses the identity fields', async () => {
    const { status, body } = await verify({ idType: '01', idNumber: a.documentNumber, name: ' 测试员工甲 ' });
    expect(status).toBe(200);
    expect(body.code).toBe('0000');
    expect(body.data).toEqual({
      verifyResult: '一致',
      sex: '2',
      sexName: '女',
      birthDate: '19950315',
      ethnicGroup: '01',
      ethnicGroupName: '汉族',
      hukouNature: '51',
      hukouNatureName: '本地居民户口',
      hukouAddress: a.hukouAddress,
      nationality: null,
    });
  });

  test('wrong name, unknown number and wrong document type all get the same neutral answer, without data', async () => {
    const answers = await Promise.all([
      verify({ idType: '01', idNumber: a.documentNumber, name: '测试员工乙' }),
      verify({ idType: '01', idNumber: '150302199503150039', name: '测试员工甲' }),
      verify({ idType: '17', idNumber: a.documentNumber, name: '测试员工甲' }),
    ]);
    for (const { status, body } of answers) {
      expect(status).toBe(200);
      const { requestId, timestamp, ...rest } = body;
      expect(rest).toEqual({ code: '1001', message: '身份信息核验不一致' });
      expect(typeof requestId).toBe('string');
      expect(typeof timestamp).toBe('string');
    }
  });

  test('a foreigner and a Hong Kong resident are verified under their own document types', async () => {
    const pr = DEMO_PEOPLE.foreignPermanentResident;
    const prAnswer = await verify({ idType: '07', idNumber: pr.documentNumber, name: 'tester  alpha' });
    expect(prAnswer.body.data).toMatchObject({ nationality: '840', hukouNature: '42', ethnicGroup: null, hukouAddress: null, birthDate: '19880512' });
    const hk = DEMO_PEOPLE.hkResidencePermit;
    expect((await verify({ idType: '17', idNumber: hk.documentNumber, name: hk.name })).body.code).toBe('0000');
  });

  test('missing parameters → 400 4000', async () => {
    const { status, body } = await verify({ idNumber: a.documentNumber });
    expect(status).toBe(400);
    expect(body.code).toBe('4000');
  });
});

describe('人社部 GET /education', () => {
  test('records, oldest first', async () => {
    const { status, body } = await call(`/sim/mohrss/education?idNumber=${DEMO_PEOPLE.employeeA.documentNumber}`);
    expect(status).toBe(200);
    expect(body.data).toEqual({
      records: [
        { educationLevel: '21', educationLevelName: '大学本科毕业', graduateSchool: '内蒙古大学', major: '计算机科学与技术', graduationDate: '20170701' },
      ],
    });
  });

  test('no record → 404 4041; no idNumber → 400', async () => {
    const none = await call(`/sim/mohrss/education?idNumber=${DEMO_PEOPLE.employeeB.documentNumber}`);
    expect(none.status).toBe(404);
    expect(none.body).toMatchObject({ code: '4041', message: '未查询到学历信息' });
    expect((await call('/sim/mohrss/education')).status).toBe(400);
  });
});

describe('switches and options', () => {
  test('down answers 503 through the framework control route', async () => {
    await call('/sim/market/_control', { method: 'POST', body: JSON.stringify({ down: true }) });
    expect((await call(`/sim/market/enterprises/${DEMO_ENTERPRISES.energy.uscc}`)).status).toBe(503);
  });

  test('defaultLatencyMs delays every call and survives reset; tests pass 0', async () => {
    const slow = createMarketRegulationSimulator({ prefix: '/slow/market', defaultLatencyMs: 60, defaultJitterMs: 0 });
    expect(slow.switches).toMatchObject({ latencyMs: 60, jitterMs: 0 });
    slow.switches.latencyMs = 0;
    slow.reset();
    expect(slow.switches.latencyMs).toBe(60);
    expect(createMarketRegulationSimulator().switches.latencyMs).toBeGreaterThanOrEqual(20);
    expect(market.switches).toMatchObject({ latencyMs: 0, jitterMs: 0 });
    const own = await serveSimulators(slow);
    try {
      const started = Date.now();
      const response = await fetch(`${own.origin}/slow/market/enterprises/${DEMO_ENTERPRISES.energy.uscc}`);
      expect(response.status).toBe(200);
      expect(Date.now() - started).toBeGreaterThanOrEqual(55);
    } finally {
      await own.close();
    }
  });

  test('createSharedDataSimulators mounts the three under a base prefix', () => {
    const sims = createSharedDataSimulators({ basePrefix: '/api/sim', defaultLatencyMs: 0 });
    expect([sims.market.prefix, sims.police.prefix, sims.mohrss.prefix]).toEqual(['/api/sim/market', '/api/sim/police', '/api/sim/mohrss']);
    expect(createSharedDataSimulators().police.prefix).toBe('/sim/police');
  });
});
