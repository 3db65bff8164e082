/**
 * Binding on both backends: an HR contact who binds another enterprise stops
 * being the first one's active contact (its membership is marked moved), and
 * a revocation on record stays a revocation.
 */
import type { TPrincipal } from '../auth/principal';
import type { TDeps } from '../deps';
import { fieldsToRecord } from '../storage/redis';
import { startTestStore, type TTestStore } from '../storage/testing';
import { bindEnterprise, listMembers, revokeMember } from './bind';

const A = '91150302MA0N1A2B37';
const B = '91150303MA0N7C8D99';
const NOW = new Date('2026-11-26T02:00:00Z');

describe.each(['memory', 'redis'] as const)('binding on %s', (backend) => {
  let s: TTestStore;
  let deps: TDeps;
  beforeAll(async () => {
    s = await startTestStore({ backend });
    deps = {
      redis: s.redis,
      prefix: s.prefix,
      now: () => NOW,
      elicense: {
        verifyAuthorization: async (uscc: string, authCode: string) =>
          authCode.startsWith('ok') ? { valid: true, uscc, purpose: authCode.endsWith('revoke') ? 'revoke' : 'bind', enterpriseName: `企业${uscc.slice(-4)}`, legalRepresentative: '测试法人' } : { valid: false, message: '授权码无效' },
      },
    } as unknown as TDeps;
  });
  afterAll(() => s.close());

  const wechatUser = (sub: string): TPrincipal => ({ sub, session: { sub, kind: 'wechat', iat: 0, exp: 0, sid: 's' } });
  const members = async (uscc: string) => Object.fromEntries(Object.entries(fieldsToRecord(await s.redis.hgetall(`${s.prefix}ent:${uscc}:members`))).map(([k, v]) => [k, JSON.parse(v).status]));
  const enterpriseOf = async (sub: string) => fieldsToRecord(await s.redis.hgetall(`${s.prefix}user:${sub}`));

  it('marks the old membership moved when a contact binds another enterprise', async () => {
    const sub = `o-move-${backend}`;
    await bindEnterprise(deps, wechatUser(sub), { uscc: A, authCode: 'ok-1' });
    expect(await members(A)).toMatchObject({ [sub]: 'active' });
    await bindEnterprise(deps, wechatUser(sub), { uscc: B, authCode: 'ok-2' });
    expect(await enterpriseOf(sub)).toMatchObject({ enterprise: B, memberStatus: 'active' });
    expect((await members(A))[sub]).toBe('moved');
    expect((await members(B))[sub]).toBe('active');
    // binding the same enterprise again changes nothing of the other
    await bindEnterprise(deps, wechatUser(sub), { uscc: B, authCode: 'ok-3' });
    expect([(await members(A))[sub], (await members(B))[sub]]).toEqual(['moved', 'active']);
  });

  it('keeps a revocation on record when the revoked contact binds another enterprise', async () => {
    const legalRep = `o-rep-${backend}`;
    const sub = `o-revoked-${backend}`;
    await bindEnterprise(deps, wechatUser(legalRep), { uscc: A, authCode: 'ok-4' });
    await bindEnterprise(deps, wechatUser(sub), { uscc: A, authCode: 'ok-5' });
    await revokeMember(deps, { ...wechatUser(legalRep), hr: { uscc: A } }, sub, { uscc: A, authCode: 'ok-revoke' });
    await bindEnterprise(deps, wechatUser(sub), { uscc: B, authCode: 'ok-6' });
    expect((await members(A))[sub]).toBe('revoked');
    expect((await listMembers(deps, { ...wechatUser(legalRep), hr: { uscc: A } })).find((m) => m.member === sub)).toMatchObject({ status: 'revoked' });
  });
});
