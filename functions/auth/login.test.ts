import { AppError, APP_ERROR_CODES } from '../../domain';
import type { TDeps } from '../deps';
import { WeChatApiError } from '../wechat/client';
import { loginWithWeChat } from './login';
import { verifySessionToken } from './session';

const SECRET = Buffer.alloc(32, 3).toString('base64');

function depsAnswering(code2Session: (code: string) => Promise<unknown>): TDeps {
  return {
    prefix: 't:',
    now: () => new Date('2026-11-26T03:00:00Z'),
    session: { secret: SECRET, ttlSeconds: 3600 },
    redis: { hsetnx: async () => 1 },
    wechat: { code2Session },
  } as unknown as TDeps;
}

async function refusal(errcode: number) {
  const error = await loginWithWeChat(depsAnswering(async () => Promise.reject(new WeChatApiError('登录', errcode, 'x'))), { code: 'c' }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  const e = error as AppError;
  return { code: e.code, status: APP_ERROR_CODES[e.code].status, message: e.message };
}

describe('loginWithWeChat', () => {
  it('issues a session for the openid WeChat answers', async () => {
    const out = await loginWithWeChat(depsAnswering(async () => ({ openid: 'o-123', sessionKey: 'k' })), { code: 'c' });
    expect(verifySessionToken(out.token, SECRET, Date.parse('2026-11-26T03:00:00Z'))).toMatchObject({ sub: 'o-123', kind: 'wechat' });
  });

  it('answers a made-up or replayed code with 401 (not a 500), in Chinese', async () => {
    expect(await refusal(40029)).toEqual({ code: 'UNAUTHENTICATED', status: 401, message: expect.stringMatching(/登录凭证无效/) });
    expect(await refusal(40163)).toEqual({ code: 'UNAUTHENTICATED', status: 401, message: expect.stringMatching(/已被使用/) });
  });

  it('answers WeChat limiting us with 429, a high-risk account with 403, WeChat busy or misconfigured with 503', async () => {
    expect((await refusal(45011)).status).toBe(429);
    expect((await refusal(40226)).status).toBe(403);
    expect((await refusal(-1)).status).toBe(503);
    expect((await refusal(40125)).status).toBe(503);
  });

  it('lets other failures through to the transport (an outage stays an outage)', async () => {
    const boom = new Error('network');
    await expect(loginWithWeChat(depsAnswering(async () => Promise.reject(boom)), { code: 'c' })).rejects.toBe(boom);
  });
});
