/**
 * The memory backend's emulation of Redis where ioredis-mock falls short,
 * and the gaps that remain (documented in STORAGE.md).
 */
import { RedisReplyError, StorageUnavailableError } from '../errors';
import { createMemoryBackend, type TMemoryBackend } from './memory';
import { luaReply, NOSCRIPT, sha1 } from './memory-scripts';

let backend: TMemoryBackend;
beforeEach(() => {
  backend = createMemoryBackend();
});
afterEach(() => backend.close());

const run = (...args: string[]) => backend.command(args as [string, ...string[]]);

describe('lower-case options (the mock ignores them without normalizing)', () => {
  test('SET ex / nx / get apply', async () => {
    expect(await run('set', 'k', 'v', 'ex', '100')).toBe('OK');
    expect(await run('ttl', 'k')).toBe(100);
    expect(await run('set', 'k', 'w', 'nx')).toBeNull();
    expect(await run('set', 'k', 'w', 'get')).toBe('v');
  });

  test('ZRANGE withscores, SCAN match', async () => {
    await run('zadd', 'z', 'nx', '1', 'a', '2', 'b');
    expect(await run('zrange', 'z', '0', '-1', 'withscores')).toEqual(['a', '1', 'b', '2']);
    await run('set', 'other', '1');
    expect(await run('scan', '0', 'match', 'z*', 'count', '100')).toEqual(['0', ['z']]);
  });

  test('SET KEEPTTL keeps the TTL (the mock drops it)', async () => {
    await run('set', 'k', 'a', 'px', '100000');
    await run('set', 'k', 'b', 'keepttl');
    expect(await run('get', 'k')).toBe('b');
    expect(Number(await run('pttl', 'k'))).toBeGreaterThan(90_000);
  });
});

describe('checks Redis makes and the mock does not', () => {
  test('INCR on a non-integer is an error and changes nothing', async () => {
    await run('set', 's', 'abc');
    await expect(run('incr', 's')).rejects.toThrow(new RedisReplyError('ERR value is not an integer or out of range'));
    await expect(run('incrby', 'n', 'x')).rejects.toThrow(/not an integer/);
    await expect(run('incrbyfloat', 's', '1.5')).rejects.toThrow(/not a valid float/);
    await run('hset', 'h', 'f', 'abc');
    await expect(run('hincrby', 'h', 'f', '1')).rejects.toThrow(/hash value is not an integer/);
    expect(await run('get', 's')).toBe('abc');
    expect(await run('incrby', 'n', '5')).toBe(5);
  });

  test('WRONGTYPE for a command on a key of another type', async () => {
    await run('hset', 'h', 'f', 'v');
    await run('set', 's', 'v');
    await expect(run('get', 'h')).rejects.toThrow(/^WRONGTYPE/);
    await expect(run('lpush', 's', 'x')).rejects.toThrow(/^WRONGTYPE/);
    await expect(run('zadd', 'h', '1', 'a')).rejects.toThrow(/^WRONGTYPE/);
    expect(await run('set', 'h', 'now a string')).toBe('OK'); // SET overwrites any type, as in Redis
  });

  test('HGETALL is a flat array, nil is null', async () => {
    await run('hset', 'h', 'a', '1', 'b', '2');
    expect(await run('hgetall', 'h')).toEqual(['a', '1', 'b', '2']);
    expect(await run('hgetall', 'missing')).toEqual([]);
    expect(await run('get', 'missing')).toBeNull();
  });

  test('an unknown command names itself', async () => {
    await expect(run('nosuchcommand')).rejects.toThrow(/^ERR unknown command 'nosuchcommand'/);
    await expect(run('disconnect')).rejects.toThrow(/^ERR unknown command/);
    await expect(run('pipeline')).rejects.toThrow(/^ERR unknown command/);
  });
});

describe('scripts', () => {
  const script = 'return redis.call("INCR", KEYS[1])';

  test('SCRIPT LOAD gives Redis’s sha1; EVALSHA runs it; SCRIPT EXISTS / FLUSH', async () => {
    const sha = await run('script', 'load', script);
    expect(sha).toBe(sha1(script));
    expect(await run('evalsha', String(sha), '1', 'n')).toBe(1);
    expect(await run('EVALSHA', String(sha).toUpperCase(), '1', 'n')).toBe(2);
    expect(await run('script', 'exists', String(sha), 'f'.repeat(40))).toEqual([1, 0]);
    expect(await run('script', 'flush')).toBe('OK');
    expect(await run('script', 'exists', String(sha))).toEqual([0]);
  });

  test('EVALSHA of an unknown script is exactly Redis’s NOSCRIPT error', async () => {
    await expect(run('evalsha', 'f'.repeat(40), '0')).rejects.toThrow(new RedisReplyError(NOSCRIPT));
    expect(NOSCRIPT).toBe('NOSCRIPT No matching script. Please use EVAL.');
  });

  test('EVAL caches the script, as Redis does', async () => {
    await run('eval', script, '1', 'n');
    expect(await run('evalsha', sha1(script), '1', 'n')).toBe(2);
  });

  test('EVALSHA works inside pipelines and transactions', async () => {
    const sha = String(await run('script', 'load', script));
    expect(await backend.pipeline([['evalsha', sha, '1', 'n'], ['eval', script, '1', 'n'], ['get', 'n']])).toEqual([{ result: 1 }, { result: 2 }, { result: '2' }]);
    expect(await backend.multiExec([['evalsha', sha, '1', 'n'], ['evalsha', 'f'.repeat(40), '0']])).toEqual([{ result: 3 }, { error: NOSCRIPT }]);
  });

  test('numkeys is checked', async () => {
    await expect(run('eval', 'return 1', '2', 'only-one')).rejects.toThrow(/greater than number of args/);
    await expect(run('eval', 'return 1', 'x')).rejects.toThrow(/not an integer/);
  });

  test('Lua values convert like Redis: floats truncate, false is nil, true is 1', async () => {
    expect(await run('eval', 'return -3.9', '0')).toBe(-3);
    expect(await run('eval', 'return {1, {2, "x"}, false, true}', '0')).toEqual([1, [2, 'x'], null, 1]);
    expect(await run('eval', 'return nil', '0')).toBeNull();
    expect(luaReply(undefined)).toBeNull();
    expect(luaReply(Number.NaN)).toBeNull();
  });

  test('known gaps of the mock’s Lua (see STORAGE.md)', async () => {
    // A table with a nil hole: Redis answers the part before the hole, the mock nothing.
    expect(await run('eval', 'return {1, nil, 3}', '0')).toBeNull();
    // An error table: Redis raises the error, the mock answers nil.
    expect(await run('eval', 'return {err = "MY error"}', '0')).toBeNull();
    // redis.call failing inside a script: Redis aborts the script, the mock returns false to Lua.
    await run('set', 's', 'abc');
    expect(await run('eval', 'return redis.call("INCR", KEYS[1])', '1', 's')).toBeNull();
    // Lower-case options inside Lua are ignored by the mock: write them in upper case.
    await run('eval', 'return redis.call("SET", KEYS[1], "v", "ex", 100)', '1', 'lower');
    expect(await run('ttl', 'lower')).toBe(-1);
    await run('eval', 'return redis.call("SET", KEYS[1], "v", "EX", 100)', '1', 'upper');
    expect(await run('ttl', 'upper')).toBe(100);
    // No cjson, no redis.sha1hex / error_reply / status_reply.
    await expect(run('eval', 'return cjson.encode({1})', '0')).rejects.toThrow(/cjson/);
  });
});

describe('pipelines and transactions', () => {
  test('a pipeline keeps errors in their slots', async () => {
    await run('set', 's', 'abc');
    expect(await backend.pipeline([['set', 'a', '1'], ['incr', 's'], ['get', 'a']])).toEqual([
      { result: 'OK' },
      { error: 'ERR value is not an integer or out of range' },
      { result: '1' },
    ]);
  });

  test('a transaction with an unknown command runs nothing (EXECABORT)', async () => {
    await expect(backend.multiExec([['set', 'a', '1'], ['nosuchcommand']])).rejects.toThrow(/^EXECABORT/);
    expect(await run('get', 'a')).toBeNull();
  });

  test('a transaction is atomic with respect to other requests', async () => {
    await run('set', 'n', '0');
    const tx = backend.multiExec([['incr', 'n'], ['incr', 'n'], ['get', 'n']]);
    const concurrent = run('set', 'n', '100');
    expect(await tx).toEqual([{ result: 1 }, { result: 2 }, { result: '2' }]);
    await concurrent;
    expect(await run('get', 'n')).toBe('100');
  });
});

describe('lifecycle', () => {
  test('two memory backends do not share data', async () => {
    const other = createMemoryBackend();
    await run('set', 'shared?', 'no');
    expect(await other.command(['GET', 'shared?'])).toBeNull();
    await other.close();
  });

  test('a closed backend refuses with a retryable error', async () => {
    await backend.close();
    const error = await run('ping').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageUnavailableError);
    expect((error as StorageUnavailableError).retryable).toBe(true);
  });
});
