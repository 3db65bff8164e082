/** Storage out of reach is an outage, not a bug: 503 with a retry hint, never a 500. */
import { logger } from '../../functions/lib/logger';
import { startStack, type TStack } from '../../functions/local/stack';

jest.setTimeout(30_000);

describe('when storage is out of reach', () => {
  let stack: TStack;
  afterEach(() => stack?.close());

  it('answers 503 with Retry-After when the gateway cannot reach Redis', async () => {
    logger.configure({ level: 'error', sink: () => undefined });
    stack = await startStack({ redisUrl: 'redis://127.0.0.1:1' }); // nothing listens there
    const res = await fetch(`${stack.baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"code":"x"}' });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    expect(await res.json()).toMatchObject({ error: { code: 'STORAGE_UNAVAILABLE', retryable: true } });
    expect((await fetch(`${stack.baseUrl}/api/health`)).status).toBe(503);
  });

  it('answers 503 when the gateway itself cannot be reached', async () => {
    stack = await startStack({ overrides: { UPSTASH_REDIS_REST_URL: 'http://127.0.0.1:1/' } });
    const res = await fetch(`${stack.baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"code":"y"}' });
    expect(res.status).toBe(503);
  });
});
