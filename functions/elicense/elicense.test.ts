import { isValidUscc } from '../../domain/identity/uscc';
import { UpstreamError } from '../adapters/http';
import { serveSimulators, type TLoopback } from '../simulators/loopback';
import { createElicenseSimulator, DEFAULT_ELICENSE_ENTERPRISES, type TElicenseSimulator } from '../simulators/elicense/elicense';
import { ElicenseClient } from './client';

const A = '91150302MA0N1A2B37';
const B = '91150303MA0N7C8D99';
const T0 = Date.parse('2026-11-26T02:00:00Z');
let clock = T0;
let sim: TElicenseSimulator;
let loop: TLoopback;
let client: ElicenseClient;

async function authorize(body: unknown): Promise<any> {
  const res = await fetch(`${loop.baseUrlOf(sim)}/authorize`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return res.json();
}

beforeAll(async () => {
  sim = createElicenseSimulator({ now: () => clock });
  loop = await serveSimulators(sim);
  client = new ElicenseClient({ baseUrl: loop.baseUrlOf(sim), timeoutMs: 2000, retries: 0 });
});
afterAll(() => loop.close());
beforeEach(() => {
  sim.reset();
  clock = T0;
});

it('ships enterprises with valid credit codes', () => {
  for (const uscc of Object.keys(DEFAULT_ELICENSE_ENTERPRISES)) expect(isValidUscc(uscc)).toBe(true);
});

it('verifies a fresh code once, with the enterprise and the holder', async () => {
  const granted = await authorize({ uscc: A, holder: { name: '李红', openid: 'o-hr' } });
  expect(granted).toMatchObject({ code: '0000', data: { authCode: expect.stringMatching(/^[0-9A-F]{32}$/), expiresAt: new Date(T0 + 600_000).toISOString() } });
  const { authCode } = granted.data;
  expect(await client.verifyAuthorization(A, authCode)).toEqual({
    valid: true,
    uscc: A,
    enterpriseName: '乌海市海勃湾区示例能源有限公司',
    legalRepresentative: '测试法人甲',
    purpose: 'bind',
    expiresAt: new Date(T0 + 600_000).toISOString(),
    holder: { name: '李红', openid: 'o-hr' },
  });
  expect(await client.verifyAuthorization(A, authCode)).toMatchObject({ valid: false, reason: 'used' });
});

it('replays the verdict for a retry carrying the same Idempotency-Key', async () => {
  const { authCode } = (await authorize({ uscc: B, purpose: 'revoke' })).data;
  const call = () =>
    fetch(`${loop.baseUrlOf(sim)}/auth/verify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': 'k1' },
      body: JSON.stringify({ uscc: B, authCode }),
    }).then((r) => r.json() as Promise<any>);
  const first = await call();
  expect(first.data).toMatchObject({ valid: true, purpose: 'revoke', legalRepresentative: '测试法人乙' });
  expect(await call()).toEqual(first);
});

it('refuses expired, unknown and wrong-enterprise codes', async () => {
  const { authCode } = (await authorize({ uscc: A })).data;
  clock = T0 + 600_000;
  expect(await client.verifyAuthorization(A, authCode)).toMatchObject({ valid: false, reason: 'expired', message: expect.stringContaining('过期') });
  clock = T0;
  expect(await client.verifyAuthorization(A, 'NOPE')).toMatchObject({ valid: false, reason: 'not_found' });
  const other = (await authorize({ uscc: A })).data.authCode;
  expect(await client.verifyAuthorization(B, other)).toMatchObject({ valid: false, reason: 'uscc_mismatch' });
  // a code shown to the wrong enterprise is burnt
  expect(await client.verifyAuthorization(A, other)).toMatchObject({ valid: false, reason: 'used' });
});

it('refuses to authorize an unknown enterprise, and takes an injected lookup', async () => {
  expect(await authorize({ uscc: '91150304MA0000000X' })).toMatchObject({ code: 'ENTERPRISE_NOT_FOUND', data: null });
  const custom = createElicenseSimulator({ prefix: '/sim/elicense2', lookup: (u) => (u === B ? { name: '自定义企业', legalRepresentative: '丙' } : undefined) });
  const l = await serveSimulators(custom);
  try {
    const res = await fetch(`${l.baseUrlOf(custom)}/authorize`, { method: 'POST', body: JSON.stringify({ uscc: A }) });
    expect(((await res.json()) as any).code).toBe('ENTERPRISE_NOT_FOUND');
  } finally {
    await l.close();
  }
});

it('throws UpstreamError when down, while the development route still works', async () => {
  sim.switches.down = true;
  const granted = await authorize({ uscc: A });
  expect(granted.code).toBe('0000');
  const error = await client.verifyAuthorization(A, granted.data.authCode).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(UpstreamError);
  expect(error).toMatchObject({ status: 503, retryable: true });
});
