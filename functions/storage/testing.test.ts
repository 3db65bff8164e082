import { randomBytes } from 'node:crypto';
import { createRedisBackend } from './backends/redis';
import { deleteByPattern, DEFAULT_TEST_REDIS_URL, startTestStore } from './testing';

test.each(['redis', 'memory'] as const)('%s: close() deletes every key under its prefix and nothing else', async (backend) => {
  const store = await startTestStore({ backend });
  const other = await startTestStore({ backend });
  expect(store.prefix).toMatch(/^test:[0-9a-f]{12}:$/);
  expect(other.prefix).not.toBe(store.prefix);

  await Promise.all(Array.from({ length: 700 }, (_, i) => store.redis.set(`${store.prefix}k${i}`, String(i))));
  await store.redis.hset(`${store.prefix}hash`, { a: '1' });
  await other.redis.set(`${other.prefix}keep`, 'me');
  await store.close();
  await store.close(); // twice is fine

  expect(await other.redis.get(`${other.prefix}keep`)).toBe('me');
  if (backend === 'redis') {
    const check = createRedisBackend(process.env.REDIS_URL ?? DEFAULT_TEST_REDIS_URL);
    expect(await deleteByPattern(check, `${store.prefix}*`)).toBe(0);
    await check.close();
  }
  await other.close();
});

test('deleteByPattern counts what it deleted', async () => {
  const store = await startTestStore();
  const prefix = `test:${randomBytes(6).toString('hex')}:`;
  await store.redis.set(`${prefix}a`, '1');
  await store.redis.set(`${prefix}b`, '1');
  expect(await deleteByPattern(store.backend, `${prefix}*`)).toBe(2);
  await store.close();
});

test('a store uses the production client: auto-pipelined commands share requests', async () => {
  const store = await startTestStore({ backend: 'memory' });
  await Promise.all([store.redis.incr(`${store.prefix}a`), store.redis.incr(`${store.prefix}b`), store.redis.incr(`${store.prefix}c`)]);
  expect(store.gateway.stats).toMatchObject({ requests: 1, commands: 3 });
  await store.close();
});
