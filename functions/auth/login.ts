/** Logging in: WeChat's code2Session for HR users and employees; a password for window staff. */
import { z } from 'zod';
import { AppError } from '../../domain';
import type { TDeps } from '../deps';
import { WeChatApiError } from '../wechat/client';
import { verifyPassword } from './password';
import { issueSessionToken } from './session';

export const ZWeChatLoginSchema = z.strictObject({
  code: z.string({ error: '缺少登录凭证 code' }).min(1, { error: '缺少登录凭证 code' }).max(128, { error: '登录凭证过长' }),
});
export type TWeChatLogin = z.infer<typeof ZWeChatLoginSchema>;

export const ZClerkLoginSchema = z.strictObject({
  username: z.string({ error: '请填写账号' }).min(1, { error: '请填写账号' }).max(64),
  password: z.string({ error: '请填写密码' }).min(1, { error: '请填写密码' }).max(256),
});
export type TClerkLogin = z.infer<typeof ZClerkLoginSchema>;

/**
 * WeChat's refusal of a login code, as our error: a made-up, expired or
 * already used (replayed) code is 401, never a 500; WeChat busy or limiting
 * us is a retry later.
 */
export function loginRefusal(error: WeChatApiError): AppError {
  switch (error.kind) {
    case 'invalid_code':
    case 'code_used':
      return new AppError('UNAUTHENTICATED', { message: error.meaning, cause: error });
    case 'high_risk_user':
      return new AppError('FORBIDDEN', { message: error.meaning, cause: error });
    case 'rate_limited':
      return new AppError('RATE_LIMITED', { message: error.meaning, retryAfterSeconds: 60, cause: error });
    default:
      return new AppError('UPSTREAM_UNAVAILABLE', { message: '微信登录暂时不可用，请稍后重试', retryAfterSeconds: 10, cause: error });
  }
}

export async function loginWithWeChat(deps: TDeps, input: TWeChatLogin) {
  const { openid } = await deps.wechat.code2Session(input.code).catch((error: unknown) => {
    throw error instanceof WeChatApiError ? loginRefusal(error) : error;
  });
  const key = `${deps.prefix}user:${openid}`;
  await deps.redis.hsetnx(key, 'createdAt', deps.now().toISOString());
  return { ...issueSessionToken({ sub: openid, kind: 'wechat' }, deps.session.secret, deps.session.ttlSeconds, deps.now().getTime()), kind: 'wechat' as const };
}

export function loginAsClerk(deps: TDeps, input: TClerkLogin) {
  const clerk = deps.clerks.find((c) => c.username === input.username);
  // verify even for an unknown user, so timing does not tell which accounts exist
  const ok = verifyPassword(input.password, clerk?.passwordHash ?? 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=');
  if (!clerk || !ok) throw new AppError('UNAUTHENTICATED', { message: '账号或密码错误' });
  return {
    ...issueSessionToken({ sub: `clerk:${clerk.username}`, kind: 'clerk' }, deps.session.secret, deps.session.ttlSeconds, deps.now().getTime()),
    kind: 'clerk' as const,
    name: clerk.name,
  };
}
