/**
 * Protocol conformance: the real @upstash/redis client, configured as in
 * production (`createRedisClient`), against the gateway on both backends.
 * Whatever passes here for `memory` must pass for `redis` too — that is the
 * point of the memory backend.
 */
import type { Redis } from '@upstash/redis';
import { keyspace, type TKeyspace } from '../keys';
import { createRedisClient, fieldsToRecord } from '../redis';
import { startTestStore, type TTestStore } from '../testing';

/** Lua scripts used below, as named constants like the app's own. */
const NESTED_REPLY_LUA = 'return {1, {2, "two", {3}}, "x", KEYS[1], tonumber(ARGV[1]) + 1}';
const NIL_REPLY_LUA = 'return redis.call("GET", KEYS[1])';
const FLOAT_REPLY_LUA = 'return 3.7';
const BOOLEAN_REPLY_LUA = 'return {true, false}';
const SET_IF_ABSENT_LUA = 'if redis.call("EXISTS", KEYS[1]) == 1 then return 0 end redis.call("SET", KEYS[1], ARGV[1], "EX", ARGV[2]) return 1';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Collects every key of a SCAN MATCH, following the cursor. */
async function scanAll(redis: Redis, match: string): Promise<string[]> {
  const keys: string[] = [];
  let cursor: string | number = 0;
  do {
    const [next, batch]: [string | number, string[]] = await redis.scan(cursor, { match, count: 100 });
    keys.push(...batch);
    cursor = next;
  } while (String(cursor) !== '0');
  return keys.sort();
}

describe.each(['memory', 'redis'] as const)('gateway over the %s backend', (backend) => {
  let store: TTestStore;
  let redis: Redis;
  let key: TKeyspace;

  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(store.url + path, {
      method: 'POST',
      headers: { authorization: `Bearer ${store.token}`, 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  beforeAll(async () => {
    store = await startTestStore({ backend });
    redis = store.redis;
    key = keyspace(store.prefix);
  });
  afterAll(() => store.close());
  beforeEach(() => store.gateway.resetStats());

  describe('strings', () => {
    test('SET with EX sets a TTL that really expires', async () => {
      expect(await redis.set(key('ex'), 'v', { ex: 100 })).toBe('OK');
      expect(await redis.get(key('ex'))).toBe('v');
      const ttl = await redis.ttl(key('ex'));
      expect(ttl).toBeGreaterThan(95);
      expect(ttl).toBeLessThanOrEqual(100);

      await redis.set(key('px'), 'v', { px: 40 });
      expect(await redis.get(key('px'))).toBe('v');
      await sleep(90);
      expect(await redis.get(key('px'))).toBeNull();
    });

    test('SET NX sets only when absent', async () => {
      expect(await redis.set(key('nx'), 'first', { nx: true })).toBe('OK');
      expect(await redis.set(key('nx'), 'second', { nx: true })).toBeNull();
      expect(await redis.get(key('nx'))).toBe('first');
      expect(await redis.set(key('xx-missing'), 'v', { xx: true })).toBeNull();
      expect(await redis.get(key('xx-missing'))).toBeNull();
    });

    test('SET keepTtl keeps the TTL, a plain SET drops it', async () => {
      await redis.set(key('keep'), 'a', { ex: 100 });
      await redis.set(key('keep'), 'b', { keepTtl: true });
      expect(await redis.get(key('keep'))).toBe('b');
      expect(await redis.ttl(key('keep'))).toBeGreaterThan(95);
      await redis.set(key('keep'), 'c');
      expect(await redis.ttl(key('keep'))).toBe(-1);
    });

    test('INCR counts; strings that look like numbers stay strings', async () => {
      expect(await redis.incr(key('counter'))).toBe(1);
      expect(await redis.incrby(key('counter'), 41)).toBe(42);
      expect(await redis.get(key('counter'))).toBe('42');
    });

    test('EXPIRE and TTL: -1 without expiry, -2 for a missing key', async () => {
      await redis.set(key('exp'), 'v');
      expect(await redis.ttl(key('exp'))).toBe(-1);
      expect(await redis.expire(key('exp'), 50)).toBe(1);
      expect(await redis.ttl(key('exp'))).toBeGreaterThan(45);
      expect(await redis.ttl(key('exp-missing'))).toBe(-2);
      expect(await redis.expire(key('exp-missing'), 50)).toBe(0);
    });

    test('DEL counts what it deleted; MGET gives null for missing keys', async () => {
      await redis.set(key('m1'), '1');
      await redis.set(key('m2'), '2');
      expect(await redis.mget(key('m1'), key('missing'), key('m2'))).toEqual(['1', null, '2']);
      expect(await redis.del(key('m1'), key('m2'), key('missing'))).toBe(2);
      expect(await redis.mget(key('m1'), key('m2'))).toEqual([null, null]);
    });

    test.each([
      ['Chinese', '企业员工入职一件事：社保、医保、公积金'],
      ['emoji', '✅ 办结 🎉👨‍👩‍👧'],
      ['a JSON string', JSON.stringify({ name: '张三', items: [1, 2], nested: { ok: true }, quote: '"\\' })],
      ['the word OK', 'OK'],
      ['an empty string', ''],
      ['digits', '00123'],
      ['control characters', 'line1\nline2\t\u0000end'],
      ['base64-looking text', 'T0s='],
    ])('%s round-trips unchanged under base64 encoding', async (_name, value) => {
      await redis.set(key('text'), value);
      expect(await redis.get(key('text'))).toBe(value);
      await redis.hset(key('text-hash'), { field: value });
      expect(await redis.hget(key('text-hash'), 'field')).toBe(value);
    });
  });

  describe('hashes, sets, sorted sets, scan', () => {
    test('HSET / HGETALL (a flat array with automatic deserialization off)', async () => {
      expect(await redis.hset(key('hash'), { name: '李四', age: '30', json: '{"a":1}' })).toBe(3);
      const raw = await redis.hgetall(key('hash'));
      expect(Array.isArray(raw)).toBe(true);
      expect(fieldsToRecord(raw)).toEqual({ name: '李四', age: '30', json: '{"a":1}' });
      expect(await redis.hget(key('hash'), 'age')).toBe('30');
      expect(await redis.hincrby(key('hash'), 'age', 1)).toBe(31);
      expect(fieldsToRecord(await redis.hgetall(key('no-hash')))).toEqual({});
    });

    test('SADD / SMEMBERS / SISMEMBER', async () => {
      expect(await redis.sadd(key('set'), 'a', 'b', 'c')).toBe(3);
      expect(await redis.sadd(key('set'), 'a')).toBe(0);
      expect((await redis.smembers(key('set'))).sort()).toEqual(['a', 'b', 'c']);
      expect(await redis.sismember(key('set'), 'b')).toBe(1);
    });

    test('ZADD / ZRANGE with scores, by score with a limit, ZADD NX', async () => {
      expect(await redis.zadd(key('zset'), { score: 2.5, member: 'b' }, { score: 1, member: 'a' }, { score: 10, member: 'c' })).toBe(3);
      expect(await redis.zrange(key('zset'), 0, -1)).toEqual(['a', 'b', 'c']);
      expect(await redis.zrange(key('zset'), 0, -1, { withScores: true })).toEqual(['a', '1', 'b', '2.5', 'c', '10']);
      expect(await redis.zrange(key('zset'), 2, 100, { byScore: true, offset: 0, count: 1 })).toEqual(['b']);
      expect(await redis.zrange(key('zset'), 0, 0, { rev: true })).toEqual(['c']);
      expect(await redis.zadd(key('zset'), { nx: true }, { score: 99, member: 'a' })).toBe(0);
      expect(await redis.zscore(key('zset'), 'a')).toBe('1');
    });

    test('SCAN with MATCH finds exactly the matching keys', async () => {
      await Promise.all(['scan:1', 'scan:2', 'scan:3', 'other'].map((k) => redis.set(key(k), 'v')));
      expect(await scanAll(redis, key('scan:*'))).toEqual([key('scan:1'), key('scan:2'), key('scan:3')]);
    });
  });

  describe('round trips', () => {
    test('concurrent commands are auto-pipelined into /pipeline requests', async () => {
      const results = await Promise.all([
        redis.set(key('ap:a'), '1'),
        redis.set(key('ap:b'), '2'),
        redis.incr(key('ap:c')),
        redis.incr(key('ap:c')),
        redis.get(key('ap:a')),
        redis.get(key('ap:b')),
        redis.exists(key('ap:a')),
        redis.ttl(key('ap:a')),
      ]);
      expect(results).toEqual(['OK', 'OK', 1, 2, '1', '2', 1, -1]);
      const { stats } = store.gateway;
      expect(stats.commands).toBe(8);
      // One pipeline for the writes and one for the reads at most.
      expect(stats.requests).toBeLessThanOrEqual(2);
      expect(stats.requests).toBeLessThan(stats.commands);
      expect(stats.byEndpoint).toEqual({ command: 0, pipeline: stats.requests, multiExec: 0 });
    });

    test('an explicit pipeline is one request with results in order', async () => {
      const results = await redis.pipeline().set(key('p:a'), 'x').get(key('p:a')).incr(key('p:n')).del(key('p:a')).exec();
      expect(results).toEqual(['OK', 'x', 1, 1]);
      expect(store.gateway.stats).toMatchObject({ requests: 1, commands: 4, byEndpoint: { pipeline: 1 } });
    });

    test('MULTI/EXEC is one /multi-exec request and applies atomically', async () => {
      const results = await redis.multi().set(key('tx:a'), '1').incr(key('tx:a')).get(key('tx:a')).exec();
      expect(results).toEqual(['OK', 2, '2']);
      expect(store.gateway.stats).toMatchObject({ requests: 1, commands: 3, byEndpoint: { multiExec: 1 } });
    });

    test('a transaction with a command Redis refuses to queue is discarded whole', async () => {
      const res = await post('/multi-exec', [
        ['SET', key('tx:abort'), '1'],
        ['NOSUCHCOMMAND', 'x'],
      ]);
      expect(res.status).toBe(400);
      expect((await res.json()).error).toMatch(/^EXECABORT/);
      expect(await redis.get(key('tx:abort'))).toBeNull();
    });

    test('a runtime error inside a transaction stays in its slot', async () => {
      await redis.set(key('tx:str'), 'abc');
      const results = await redis.multi().incr(key('tx:str')).set(key('tx:after'), 'ok').exec({ keepErrors: true });
      expect(results[0]!.error).toMatch(/not an integer/);
      expect(results[1]).toEqual({ error: undefined, result: 'OK' });
      expect(await redis.get(key('tx:after'))).toBe('ok');
    });
  });

  describe('Lua', () => {
    test('EVAL returns nested arrays, integers and nil like Redis', async () => {
      expect(await redis.eval(NESTED_REPLY_LUA, [key('k')], ['41'])).toEqual([1, [2, 'two', [3]], 'x', key('k'), 42]);
      expect(await redis.eval(NIL_REPLY_LUA, [key('lua:missing')], [])).toBeNull();
      expect(await redis.eval(FLOAT_REPLY_LUA, [], [])).toBe(3);
      expect(await redis.eval(BOOLEAN_REPLY_LUA, [], [])).toEqual([1, null]);
    });

    test('EVALSHA falls back to EVAL on NOSCRIPT, then hits the cache', async () => {
      // A body no earlier run has loaded into this Redis.
      const script = redis.createScript<number>(`-- ${store.prefix}\n${SET_IF_ABSENT_LUA}`);
      expect(await script.exec([key('lua:once')], ['v', '60'])).toBe(1);
      expect(store.gateway.stats.byCommand).toMatchObject({ EVALSHA: 1, EVAL: 1 });
      expect(await script.exec([key('lua:once')], ['v', '60'])).toBe(0);
      expect(store.gateway.stats.byCommand).toMatchObject({ EVALSHA: 2, EVAL: 1 });
      expect(await redis.ttl(key('lua:once'))).toBeGreaterThan(55);
    });

    test('EVALSHA of an unknown script is the NOSCRIPT error; SCRIPT LOAD / EXISTS work', async () => {
      await expect(redis.evalsha('0'.repeat(40), [], [])).rejects.toThrow('NOSCRIPT No matching script. Please use EVAL.');
      const body = `return "${store.prefix}"`;
      const sha = await redis.scriptLoad(body);
      expect(sha).toMatch(/^[0-9a-f]{40}$/);
      expect(await redis.scriptExists(sha, '0'.repeat(40))).toEqual([1, 0]);
      expect(await redis.evalsha(sha, [], [])).toBe(store.prefix);
    });
  });

  describe('errors', () => {
    test('an error reply throws for its command only, the rest of the pipeline succeeds', async () => {
      await redis.set(key('err:str'), 'not a number');
      store.gateway.resetStats();
      // All writes, so the client sends them as one auto-pipeline.
      const [incr, set, counter] = await Promise.allSettled([redis.incr(key('err:str')), redis.set(key('err:ok'), '1'), redis.incr(key('err:n'))]);
      expect(incr).toMatchObject({ status: 'rejected', reason: expect.objectContaining({ message: expect.stringMatching(/ERR value is not an integer/) }) });
      expect(set).toEqual({ status: 'fulfilled', value: 'OK' });
      expect(counter).toEqual({ status: 'fulfilled', value: 1 });
      expect(store.gateway.stats).toMatchObject({ requests: 1, commands: 3 });
      expect(await redis.get(key('err:str'))).toBe('not a number');
      expect(await redis.get(key('err:ok'))).toBe('1');
    });

    test('an error reply to a single command is HTTP 400 and throws', async () => {
      await redis.set(key('err:string'), 'v');
      // HGETALL is never auto-pipelined, so it goes alone to POST /.
      await expect(redis.hgetall(key('err:string'))).rejects.toThrow(/^WRONGTYPE/);
      const res = await post('/', ['INCR', key('err:string')]);
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({ error: 'ERR value is not an integer or out of range' });
    });

    test('an explicit pipeline without keepErrors throws on the failing command', async () => {
      await redis.set(key('err:p'), 'x');
      await expect(redis.pipeline().get(key('err:p')).incr(key('err:p')).exec()).rejects.toThrow(/Command 2 \[ incr \] failed: ERR value is not an integer/);
    });

    test('a wrong token is refused', async () => {
      const intruder = createRedisClient({ url: store.url, token: 'wrong-token-0123456789' });
      await expect(intruder.get(key('secret'))).rejects.toThrow(/Unauthorized/);
      expect(store.gateway.stats).toMatchObject({ rejected: 1, commands: 0 });
    });

    test.each([
      ['not JSON', '/', '{"set": oops'],
      ['an object', '/', { command: 'GET' }],
      ['an empty command', '/', []],
      ['a number as command name', '/', [42, 'x']],
      ['a nested argument', '/', ['SET', 'k', { v: 1 }]],
      ['a command instead of a list', '/pipeline', ['GET', 'x']],
      ['an empty pipeline', '/pipeline', []],
      ['an empty transaction', '/multi-exec', []],
    ])('a malformed body (%s) is a 400, not a crash', async (_name, path, body) => {
      const res = await post(path, body);
      expect(res.status).toBe(400);
      expect((await res.json()).error).toMatch(/^ERR /);
      expect(await redis.ping()).toBe('PONG');
    });

    test('refused commands fail in their slot and never reach Redis', async () => {
      const single = await post('/', ['FLUSHALL']);
      expect(single.status).toBe(400);
      expect((await single.json()).error).toMatch(/not allowed through the storage gateway/);
      const res = await post('/pipeline', [['SET', key('pol'), '1'], ['BLPOP', key('list'), '0'], ['KEYS', '*'], ['GET', key('pol')]]);
      const results = await res.json();
      expect(results[0]).toEqual({ result: 'OK' });
      expect(results[1].error).toMatch(/blocking commands/);
      expect(results[2].error).toMatch(/use SCAN/);
      expect(results[3]).toEqual({ result: '1' });
    });
  });
});
