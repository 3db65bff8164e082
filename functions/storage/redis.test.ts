import { createRedisClient, fieldsToRecord } from './redis';
import { startTestStore } from './testing';

describe('fieldsToRecord', () => {
  test('flat [field, value, …] arrays, objects and nothing', () => {
    expect(fieldsToRecord(['a', '1', 'b', '{"x":1}'])).toEqual({ a: '1', b: '{"x":1}' });
    expect(fieldsToRecord({ a: '1', b: 2 })).toEqual({ a: '1', b: '2' });
    expect(fieldsToRecord(null)).toEqual({});
    expect(fieldsToRecord([])).toEqual({});
  });

  test('a field named __proto__ is just a field', () => {
    const record = fieldsToRecord(['__proto__', 'x']);
    expect(record.__proto__).toBe('x');
    expect(Object.keys(record)).toEqual(['__proto__']);
  });
});

describe('createRedisClient', () => {
  test('keeps strings as strings (automatic deserialization is off)', async () => {
    const store = await startTestStore({ backend: 'memory' });
    const redis = createRedisClient({ url: store.url, token: store.token });
    await redis.set(`${store.prefix}n`, '123');
    await redis.set(`${store.prefix}j`, '{"a":1}');
    await redis.set(`${store.prefix}b`, 'true');
    expect(await redis.mget(`${store.prefix}n`, `${store.prefix}j`, `${store.prefix}b`)).toEqual(['123', '{"a":1}', 'true']);
    await store.close();
  });

  test('does not retry an HTTP error (only network failures are retried)', async () => {
    const store = await startTestStore({ backend: 'memory' });
    const redis = createRedisClient({ url: store.url, token: 'wrong-token-0123456789' });
    await expect(redis.get('x')).rejects.toThrow(/Unauthorized/);
    expect(store.gateway.stats.requests).toBe(1);
    await store.close();
  });

  test('retries a request that never reached a server, then fails', async () => {
    const redis = createRedisClient({ url: 'http://127.0.0.1:1', token: 'any-token-0123456789' });
    const started = Date.now();
    await expect(redis.get('x')).rejects.toThrow();
    // 2 retries after 50 ms and 100 ms.
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });
});
