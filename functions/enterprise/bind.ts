/**
 * Binding an HR contact to an enterprise. A legal representative's name is
 * public, so it proves nothing: the enterprise authorizes the contact through
 * the 电子营业执照 service, which hands us a single-use authCode. Several HR
 * contacts may be bound; the legal representative revokes one the same way.
 *
 *   ent:{uscc}           HASH  the enterprise profile (一户一档's head): 市监 data and the employer's
 *                              constants (社保/医保/就业单位编号, 公积金单位账号, 单位缴存比例)
 *   ent:{uscc}:members   HASH  openid → JSON { status, boundAt, revokedAt? }
 */
import { z } from 'zod';
import { AppError, ZUsccSchema } from '../../domain';
import type { TPrincipal } from '../auth/principal';
import type { TDeps } from '../deps';
import { fieldsToRecord } from '../storage/redis';

export const ZBindEnterpriseSchema = z.strictObject({
  uscc: ZUsccSchema,
  authCode: z.string({ error: '缺少电子营业执照授权码' }).min(4, { error: '授权码格式不正确' }).max(128, { error: '授权码格式不正确' }),
});
export type TBindEnterprise = z.infer<typeof ZBindEnterpriseSchema>;

export const ZRevokeMemberSchema = z.strictObject({
  uscc: ZUsccSchema,
  authCode: z.string({ error: '缺少电子营业执照授权码' }).min(4).max(128),
});

/**
 * KEYS: 1 user hash, 2 members hash, 3 the previous enterprise's members hash (as read before; KEYS[2] when none).
 * ARGV: 1 uscc, 2 openid, 3 member JSON, 4 the previous enterprise's USCC as read before ('' none), 5 "moved" member JSON.
 * An HR contact belongs to one enterprise: binding another replaces it, and the old membership, if active, is marked moved
 * (so the old enterprise's lists and notifications no longer count them as its contact).
 * Returns the previous enterprise ('' none); when it is not the one read before (a concurrent bind), the caller marks that one.
 */
export const BIND_MEMBER_LUA = `
local previous = redis.call('HGET', KEYS[1], 'enterprise')
redis.call('HSET', KEYS[1], 'enterprise', ARGV[1], 'memberStatus', 'active')
redis.call('HSET', KEYS[2], ARGV[2], ARGV[3])
if previous and previous ~= ARGV[1] and previous == ARGV[4] then
  local old = redis.call('HGET', KEYS[3], ARGV[2])
  if old and string.find(old, '"status":"active"', 1, true) then redis.call('HSET', KEYS[3], ARGV[2], ARGV[5]) end
end
return previous or ''
`;

/** KEYS: 1 user hash, 2 members hash. ARGV: 1 uscc, 2 openid, 3 member JSON. Returns 0 if not a member. */
export const REVOKE_MEMBER_LUA = `
if redis.call('HEXISTS', KEYS[2], ARGV[2]) == 0 then return 0 end
redis.call('HSET', KEYS[2], ARGV[2], ARGV[3])
if redis.call('HGET', KEYS[1], 'enterprise') == ARGV[1] then redis.call('HSET', KEYS[1], 'memberStatus', 'revoked') end
return 1
`;

async function verifyAuth(deps: TDeps, uscc: string, authCode: string, purpose: 'bind' | 'revoke') {
  const auth = await deps.elicense.verifyAuthorization(uscc, authCode);
  if (!auth.valid) throw new AppError('FORBIDDEN', { message: `电子营业执照授权无效：${auth.message}` });
  if (auth.purpose !== purpose) throw new AppError('FORBIDDEN', { message: purpose === 'bind' ? '该授权码不是绑定授权' : '该授权码不是撤销授权' });
  return auth;
}

export async function bindEnterprise(deps: TDeps, p: TPrincipal, input: TBindEnterprise) {
  if (p.session.kind !== 'wechat') throw new AppError('FORBIDDEN', { message: '请使用微信登录后绑定企业' });
  const auth = await verifyAuth(deps, input.uscc, input.authCode, 'bind');
  const now = deps.now().toISOString();
  const membersKey = (uscc: string) => `${deps.prefix}ent:${uscc}:members`;
  const moved = JSON.stringify({ status: 'moved', movedAt: now, movedTo: input.uscc });
  const before = String((await deps.redis.hget(`${deps.prefix}user:${p.sub}`, 'enterprise')) ?? '');
  const previous = String(
    await deps.redis.eval(
      BIND_MEMBER_LUA,
      [`${deps.prefix}user:${p.sub}`, membersKey(input.uscc), before ? membersKey(before) : membersKey(input.uscc)],
      [input.uscc, p.sub, JSON.stringify({ status: 'active', boundAt: now }), before, moved],
    ),
  );
  // another bind ran in between: mark the membership that was actually replaced
  if (previous && previous !== before && previous !== input.uscc) await deps.redis.hset(membersKey(previous), { [p.sub]: moved });
  await deps.redis.hset(`${deps.prefix}ent:${input.uscc}`, { uscc: input.uscc, name: auth.enterpriseName, legalRepresentative: auth.legalRepresentative });
  return { uscc: input.uscc, enterpriseName: auth.enterpriseName, role: 'hr' as const, boundAt: now };
}

/** The legal representative, through a fresh e-licence authorization, removes an HR contact. */
export async function revokeMember(deps: TDeps, p: TPrincipal, member: string, input: z.infer<typeof ZRevokeMemberSchema>) {
  if (!p.hr || p.hr.uscc !== input.uscc) throw new AppError('FORBIDDEN', { message: '只能管理本企业的经办人' });
  await verifyAuth(deps, input.uscc, input.authCode, 'revoke');
  const now = deps.now().toISOString();
  const done = await deps.redis.eval(
    REVOKE_MEMBER_LUA,
    [`${deps.prefix}user:${member}`, `${deps.prefix}ent:${input.uscc}:members`],
    [input.uscc, member, JSON.stringify({ status: 'revoked', revokedAt: now })],
  );
  if (done !== 1) throw new AppError('NOT_FOUND', { message: '该经办人不属于本企业' });
  return { member, status: 'revoked' as const, revokedAt: now };
}

/** The members of the HR user's enterprise (openids shortened). */
export async function listMembers(deps: TDeps, p: TPrincipal) {
  if (!p.hr) throw new AppError('FORBIDDEN', { message: '请先绑定企业' });
  const rows = fieldsToRecord(await deps.redis.hgetall(`${deps.prefix}ent:${p.hr.uscc}:members`));
  return Object.entries(rows).map(([member, raw]) => ({ member, you: member === p.sub, ...(JSON.parse(raw) as object) }));
}
