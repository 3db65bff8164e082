/** The one code→HTTP table at the edge: what a handler throws becomes a Chinese error body, never a 500 for a known failure. */
import type { VercelRequest, VercelResponse } from '@vercel/node';
import { AppError } from '../../domain';
import { UpstreamError } from '../adapters/http';
import { StorageUnavailableError } from '../storage/errors';
import { WeChatTokenError } from '../wechat/client';
import { route } from './handler';

function call(thrown: unknown, method = 'GET') {
  const out: { status?: number; body?: any; headers: Record<string, string> } = { headers: {} };
  const res = {
    headersSent: false,
    setHeader: (k: string, v: string) => void (out.headers[k.toLowerCase()] = v),
    status(code: number) {
      out.status = code;
      return this;
    },
    json(body: unknown) {
      out.body = body;
      return this;
    },
  } as unknown as VercelResponse;
  const handler = route({
    GET: async () => {
      throw thrown;
    },
  });
  return handler({ method, headers: {}, url: '/api/x' } as VercelRequest, res).then(() => out);
}

describe('errors at the edge', () => {
  it('answers an unreachable outside system with 503 and a retry hint', async () => {
    const r = await call(new UpstreamError('人社业务系统', 'timeout', 'timed out'));
    expect(r.status).toBe(503);
    expect(r.body.error).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', retryable: true, message: '人社业务系统暂时无法访问，请稍后重试' });
    expect(r.headers['retry-after']).toBe('10');
    const t = await call(new WeChatTokenError('force_refresh_too_soon', 'too soon', 25_000));
    expect(t.status).toBe(503);
    expect(t.headers['retry-after']).toBe('25');
  });

  it('keeps AppErrors, storage outages and wrong methods as they are', async () => {
    expect((await call(new AppError('FORBIDDEN', { message: '无权查看' }))).status).toBe(403);
    const s = await call(new StorageUnavailableError('down'));
    expect([s.status, s.body.error.code]).toEqual([503, 'STORAGE_UNAVAILABLE']);
    const m = await call(new Error('x'), 'DELETE');
    expect([m.status, m.headers.allow]).toEqual([405, 'GET']);
  });

  it('answers anything else with 500 INTERNAL and no detail', async () => {
    const r = await call(new TypeError('boom'));
    expect(r.status).toBe(500);
    expect(r.body.error.code).toBe('INTERNAL');
    expect(JSON.stringify(r.body)).not.toContain('boom');
  });
});
