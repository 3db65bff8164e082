/**
 * Who is calling, and what they may do. A session names a user; their roles
 * come from storage on every request:
 *
 *   user:{sub}   HASH  enterprise (USCC, when bound as hr), memberStatus (active | revoked),
 *                      employeeIdHmac, employeeIdEnc, employeeName (when verified as an employee),
 *                      clerkName (window staff)
 *
 * so revoking an HR contact takes effect on their next request.
 */
import type { VercelRequest } from '@vercel/node';
import { AppError } from '../../domain';
import type { TDeps } from '../deps';
import { header } from '../lib/handler';
import { fieldsToRecord } from '../storage/redis';
import { verifySessionToken, type TSession } from './session';

export interface TPrincipal {
  session: TSession;
  sub: string;
  hr?: { uscc: string };
  employee?: { idHmac: string; idEnc: string; name: string };
  clerk?: { username: string; name: string };
}

export function sessionFrom(req: VercelRequest, deps: Pick<TDeps, 'session' | 'now'>): TSession {
  const auth = header(req, 'authorization');
  const token = auth?.match(/^Bearer\s+(\S+)$/i)?.[1];
  if (!token) throw new AppError('UNAUTHENTICATED', { message: '请先登录' });
  return verifySessionToken(token, deps.session.secret, deps.now().getTime());
}

export async function principalFrom(req: VercelRequest, deps: TDeps): Promise<TPrincipal> {
  const session = sessionFrom(req, deps);
  const user = fieldsToRecord(await deps.redis.hgetall(`${deps.prefix}user:${session.sub}`));
  const p: TPrincipal = { session, sub: session.sub };
  if (session.kind === 'clerk') {
    const clerk = deps.clerks.find((c) => `clerk:${c.username}` === session.sub);
    if (!clerk) throw new AppError('UNAUTHENTICATED', { message: '工作人员账号已停用' });
    p.clerk = { username: clerk.username, name: clerk.name };
    return p;
  }
  if (user.enterprise && user.memberStatus === 'active') p.hr = { uscc: String(user.enterprise) };
  if (user.employeeIdHmac) p.employee = { idHmac: String(user.employeeIdHmac), idEnc: String(user.employeeIdEnc), name: String(user.employeeName ?? '') };
  return p;
}

/** HR of an enterprise (the given one, when named), or a clerk when `allowClerk`. */
export function requireHr(p: TPrincipal, uscc?: string, options: { allowClerk?: boolean } = {}): void {
  if (options.allowClerk && p.clerk) return;
  if (!p.hr) throw new AppError('FORBIDDEN', { message: '请先通过电子营业执照授权绑定企业' });
  if (uscc !== undefined && p.hr.uscc !== uscc) throw new AppError('FORBIDDEN', { message: '只能办理本企业的业务' });
}

export function requireEmployee(p: TPrincipal): NonNullable<TPrincipal['employee']> {
  if (!p.employee) throw new AppError('FORBIDDEN', { message: '请先完成实名认证（人脸核身）' });
  return p.employee;
}

export function requireClerk(p: TPrincipal): NonNullable<TPrincipal['clerk']> {
  if (!p.clerk) throw new AppError('FORBIDDEN', { message: '仅限窗口工作人员' });
  return p.clerk;
}

/** A short, non-identifying label of the caller for logs and access records. */
export function actorLabel(p: TPrincipal): string {
  if (p.clerk) return `clerk:${p.clerk.username}`;
  if (p.hr) return `hr:${p.sub.slice(0, 8)}…@${p.hr.uscc}`;
  return `user:${p.sub.slice(0, 8)}…`;
}
