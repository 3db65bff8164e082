/**
 * The ioredis backend against the real Redis (REDIS_URL or 127.0.0.1:6379).
 */
import { randomBytes } from 'node:crypto';
import { RedisReplyError, StorageUnavailableError } from '../errors';
import { deleteByPattern, DEFAULT_TEST_REDIS_URL } from '../testing';
import { sha1 } from './memory-scripts';
import { createRedisBackend, type TRedisBackend } from './redis';

const prefix = `test:${randomBytes(6).toString('hex')}:`;
const k = (name: string) => prefix + name;
let backend: TRedisBackend;

beforeAll(async () => {
  backend = createRedisBackend(process.env.REDIS_URL ?? DEFAULT_TEST_REDIS_URL);
  await backend.command(['PING']);
});
afterAll(async () => {
  await deleteByPattern(backend, `${prefix}*`);
  await backend.close();
});

test('a pipeline is one write to Redis (one round trip), whatever its length', async () => {
  const write = jest.spyOn(backend.client.stream, 'write');
  const commands = Array.from({ length: 50 }, (_, i) => ['SET', k(`p${i}`), String(i)] as [string, ...string[]]);
  const results = await backend.pipeline([...commands, ['GET', k('p49')]]);
  expect(write).toHaveBeenCalledTimes(1);
  expect(results.at(-1)).toEqual({ result: Buffer.from('49') });
  write.mockClear();
  await backend.multiExec([['INCR', k('n')], ['INCR', k('n')]]);
  expect(write).toHaveBeenCalledTimes(1);
  write.mockRestore();
});

test('replies are bytes; HGETALL stays a flat array', async () => {
  await backend.command(['hset', k('h'), 'a', '1']);
  expect(await backend.command(['hgetall', k('h')])).toEqual([Buffer.from('a'), Buffer.from('1')]);
  // Half of a three-byte character: only bytes can carry this exactly.
  await backend.command(['set', k('zh'), '张']);
  expect(await backend.command(['getrange', k('zh'), '0', '1'])).toEqual(Buffer.from([0xe5, 0xbc]));
});

test('error replies are RedisReplyError (not retryable), in their slot in a pipeline', async () => {
  await backend.command(['set', k('s'), 'abc']);
  const error = await backend.command(['incr', k('s')]).catch((e: unknown) => e);
  expect(error).toEqual(new RedisReplyError('ERR value is not an integer or out of range'));
  expect((error as RedisReplyError).retryable).toBe(false);
  expect(await backend.pipeline([['incr', k('s')], ['get', k('s')]])).toEqual([
    { error: 'ERR value is not an integer or out of range' },
    { result: Buffer.from('abc') },
  ]);
});

test('EXECABORT names the command Redis refused', async () => {
  await expect(backend.multiExec([['set', k('tx'), '1'], ['nosuchcommand']])).rejects.toThrow(
    /^EXECABORT Transaction discarded because of previous errors: ERR unknown command 'nosuchcommand'/i,
  );
  expect(await backend.command(['get', k('tx')])).toBeNull();
});

test('SCRIPT LOAD on Redis gives the sha1 the memory backend computes', async () => {
  const script = `return "${prefix}"`;
  expect(String(await backend.command(['script', 'load', script]))).toBe(sha1(script));
});

test('an unreachable Redis is StorageUnavailableError (retryable)', async () => {
  const down = createRedisBackend('redis://127.0.0.1:1', { connectTimeoutMs: 200, commandTimeoutMs: 500 });
  const [single, batch] = await Promise.all([down.command(['PING']), down.pipeline([['PING']])].map((p) => p.catch((e: unknown) => e)));
  expect(single).toBeInstanceOf(StorageUnavailableError);
  expect((single as StorageUnavailableError).retryable).toBe(true);
  expect(batch).toBeInstanceOf(StorageUnavailableError);
  await down.close();
});
