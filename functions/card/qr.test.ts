/**
 * The QR code's single use against both backends: the nonce is consumed with
 * SET NX EX, so one verification wins even when a terminal posts the same
 * token several times at once; time is injected through deps.now.
 */
import { createHash, randomBytes } from 'node:crypto';
import { AppError } from '../../domain';
import type { TItemView } from '../applications/item-state';
import type { TStoredApplication } from '../applications/store';
import type { TDeps } from '../deps';
import { encryptField } from '../lib/crypto';
import { logger } from '../lib/logger';
import { startTestStore, type TTestStore } from '../storage/testing';
import { authenticateTerminal, issueCardQr, verifyCardQr } from './qr';
import { signCardToken, holderRef } from './token';

const ID = '150302199503150020';
const ID_HMAC = 'f'.repeat(64);
const TERMINAL_KEY = randomBytes(32).toString('base64url');
const T0 = Date.parse('2026-11-26T02:00:00Z');

function fakeDeps(s: TTestStore, clock: { now: number }, status: 'normal' | 'lost' = 'normal'): TDeps {
  const keys = { encryptionKey: randomBytes(32), hmacKey: randomBytes(32) };
  const app = {
    id: 'HO20261126TEST',
    enterpriseName: '乌海市海勃湾区示例能源有限公司',
    maskedDocumentNumber: '150***********0020',
    variants: { social_security_card: ['electronic', 'physical_sporadic'] },
    application: { employee: { name: '测试员工甲', documentType: '01', documentNumber: encryptField(ID, keys, 'employee.documentNumber') } },
  } as unknown as TStoredApplication;
  const item = { code: 'social_security_card', state: 'processing', stage: '制卡中', results: { electronicCardNo: 'J15030018' }, message: null, history: [] } as unknown as TItemView;
  return {
    redis: s.redis,
    prefix: s.prefix,
    keys,
    now: () => new Date(clock.now),
    card: { qrSecret: randomBytes(32), terminals: [{ id: 'T0001', name: '测试终端', keySha256: createHash('sha256').update(TERMINAL_KEY).digest('hex') }], licenceIssuer: { name: '乌海市人力资源和社会保障局', code: '150300' } },
    store: {
      listIds: async () => ({ ids: [app.id] }),
      getMany: async () => [app],
      get: async (id: string) => (id === app.id ? app : null),
      items: async () => [item],
    },
    cardStatus: {
      queryCardStatus: async ({ idNumber }: { idNumber: string }) => {
        expect(idNumber).toBe(ID);
        return { ok: true, result: { cardNo: 'J15030018', cardType: 'electronic', status, statusText: status === 'normal' ? '正常' : '挂失', since: null, regionCode: '150300', regionName: '内蒙古自治区乌海市' } };
      },
    },
  } as unknown as TDeps;
}

const terminal = { id: 'T0001', name: '测试终端' };
logger.configure({ level: 'error', sink: () => undefined });

async function refusal(p: Promise<unknown>): Promise<{ status: number; code: string; message: string; field?: string }> {
  try {
    await p;
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    return { status: e.status, code: e.code, message: e.message, field: e.issues?.[0]?.code };
  }
  throw new Error('expected a refusal');
}

describe.each(['memory', 'redis'] as const)('the QR code on %s', (backend) => {
  let s: TTestStore;
  beforeAll(async () => {
    s = await startTestStore({ backend });
  });
  afterAll(() => s.close());

  it('is accepted once, with the holder masked and the card status; a replay is 409', async () => {
    const clock = { now: T0 };
    const deps = fakeDeps(s, clock);
    const qr = await issueCardQr(deps, { idHmac: ID_HMAC });
    expect(qr).toMatchObject({ ttlSeconds: 60, refreshInSeconds: 50, issuedAt: new Date(T0).toISOString(), expiresAt: new Date(T0 + 60_000).toISOString() });
    expect(qr.token).not.toContain(ID);
    clock.now += 5_000;
    const ok = await verifyCardQr(deps, terminal, { token: qr.token });
    expect(ok).toMatchObject({ accepted: true, holder: { name: '测***甲' }, card: { cardNo: 'J1*****18', status: { code: 'normal', label: '正常' } }, terminalId: 'T0001' });
    expect(JSON.stringify(ok)).not.toContain('测试员工甲');
    expect(await refusal(verifyCardQr(deps, terminal, { token: qr.token }))).toEqual({ status: 409, code: 'CONFLICT', message: expect.stringContaining('已使用'), field: 'replayed' });
  });

  it('lets exactly one of several simultaneous verifications through', async () => {
    const deps = fakeDeps(s, { now: T0 });
    const { token } = await issueCardQr(deps, { idHmac: ID_HMAC });
    const results = await Promise.allSettled(Array.from({ length: 6 }, () => verifyCardQr(deps, terminal, { token })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected' && (r.reason as AppError).code === 'CONFLICT')).toHaveLength(5);
  });

  it('refuses the token 60 s after issue (time from deps.now), and a tampered one, with Chinese messages', async () => {
    const clock = { now: T0 };
    const deps = fakeDeps(s, clock);
    const { token } = await issueCardQr(deps, { idHmac: ID_HMAC });
    clock.now = T0 + 60_000;
    expect(await refusal(verifyCardQr(deps, terminal, { token }))).toEqual({ status: 422, code: 'VALIDATION_FAILED', message: expect.stringContaining('二维码已过期'), field: 'expired' });
    clock.now = T0 + 1_000;
    const tampered = token.replace(/\.(\d+)\.([\w-]+)$/, (_, exp: string, mac: string) => `.${Number(exp) + 600}.${mac}`);
    expect(await refusal(verifyCardQr(deps, terminal, { token: tampered }))).toMatchObject({ status: 422, field: 'forged', message: expect.stringContaining('篡改') });
    // the refusals did not consume the genuine token
    await expect(verifyCardQr(deps, terminal, { token })).resolves.toMatchObject({ accepted: true });
  });

  it('does not issue a code for a lost card', async () => {
    const deps = fakeDeps(s, { now: T0 }, 'lost');
    expect(await refusal(issueCardQr(deps, { idHmac: ID_HMAC }))).toMatchObject({ status: 409, message: expect.stringContaining('挂失') });
  });

  it('sends a token of another deployment (another secret) away as forged', async () => {
    const deps = fakeDeps(s, { now: T0 });
    const foreign = signCardToken(randomBytes(32), holderRef(deps.card.qrSecret, ID_HMAC), T0).token;
    expect(await refusal(verifyCardQr(deps, terminal, { token: foreign }))).toMatchObject({ status: 422, field: 'forged' });
  });
});

describe('terminal authentication', () => {
  const deps = { card: { terminals: [{ id: 'T0001', name: '测试终端', keySha256: createHash('sha256').update(TERMINAL_KEY).digest('hex') }] } } as unknown as TDeps;

  it('knows a terminal by its id and key', () => {
    expect(authenticateTerminal(deps, `Terminal T0001:${TERMINAL_KEY}`)).toEqual({ id: 'T0001', name: '测试终端' });
  });

  it.each([
    ['no header', undefined, '请在 Authorization'],
    ['a bearer token', `Bearer ${TERMINAL_KEY}`, '请在 Authorization'],
    ['a wrong key', `Terminal T0001:${randomBytes(32).toString('base64url')}`, '终端编号或终端密钥无效'],
    ['an unknown terminal', `Terminal T9999:${TERMINAL_KEY}`, '终端编号或终端密钥无效'],
  ])('answers 401 for %s', (_what, header, message) => {
    let error: unknown;
    try {
      authenticateTerminal(deps, header);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).status).toBe(401);
    expect((error as AppError).message).toContain(message);
  });
});
