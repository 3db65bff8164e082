/**
 * Checks Redis makes and ioredis-mock does not, run before a command reaches
 * the mock, so that code which works on the memory backend also works on a
 * real Redis:
 *
 * - WRONGTYPE: the mock happily runs GET on a hash (returning the hash) or
 *   HSET on a string.
 * - INCR and friends on a value that is not an integer: the mock stores
 *   `"NaN"` and answers nil; Redis refuses with an error and changes nothing.
 */
import { RedisReplyError } from '../errors';

export const WRONGTYPE = 'WRONGTYPE Operation against a key holding the wrong kind of value';
export const NOT_AN_INTEGER = 'ERR value is not an integer or out of range';
export const NOT_A_FLOAT = 'ERR value is not a valid float';
export const HASH_NOT_AN_INTEGER = 'ERR hash value is not an integer';
export const HASH_NOT_A_FLOAT = 'ERR hash value is not a float';

/** What the checks need from the mock. */
export interface TMockReader {
  type(key: string): Promise<string>;
  get(key: string): Promise<string | null>;
  hget(key: string, field: string): Promise<string | null>;
}

type TRedisType = 'string' | 'hash' | 'list' | 'set' | 'zset' | 'stream';

const typed = (type: TRedisType, names: string) => names.split(' ').map((n) => [n, type] as const);

/** The type of the key at index 1, for the commands that need one. */
const KEY_TYPE: ReadonlyMap<string, TRedisType> = new Map([
  ...typed('string', 'GET GETEX GETDEL GETSET GETRANGE SETRANGE APPEND STRLEN INCR INCRBY DECR DECRBY INCRBYFLOAT SETBIT GETBIT BITCOUNT'),
  ...typed('hash', 'HGET HSET HSETNX HMSET HMGET HGETALL HDEL HLEN HKEYS HVALS HEXISTS HINCRBY HINCRBYFLOAT HSCAN HSTRLEN HRANDFIELD'),
  ...typed('list', 'LPUSH RPUSH LPUSHX RPUSHX LPOP RPOP LRANGE LLEN LREM LTRIM LINDEX LSET LPOS LINSERT LMOVE RPOPLPUSH'),
  ...typed('set', 'SADD SREM SMEMBERS SISMEMBER SMISMEMBER SCARD SPOP SRANDMEMBER SSCAN SMOVE'),
  ...typed('zset', 'ZADD ZREM ZRANGE ZREVRANGE ZRANGEBYSCORE ZREVRANGEBYSCORE ZRANGEBYLEX ZREVRANGEBYLEX ZSCORE ZMSCORE ZCARD ZCOUNT ZLEXCOUNT ZINCRBY ZRANK ZREVRANK ZREMRANGEBYSCORE ZREMRANGEBYRANK ZREMRANGEBYLEX ZPOPMIN ZPOPMAX ZSCAN ZRANDMEMBER'),
  ...typed('stream', 'XADD XRANGE XREVRANGE XLEN XTRIM XDEL'),
]);

const INTEGER = /^-?(0|[1-9]\d{0,18})$/;
const isInteger = (v: string) => INTEGER.test(v) && Number.isSafeInteger(Number(v));
const isFloat = (v: string) => v.trim() === v && v !== '' && Number.isFinite(Number(v));

/** Throws the reply error Redis would give before running `args` (name upper-cased). */
export async function checkBeforeRun(mock: TMockReader, args: readonly string[]): Promise<void> {
  const name = args[0]!;
  const key = args[1];
  const expected = KEY_TYPE.get(name);
  if (expected && key !== undefined) {
    const actual = await mock.type(key);
    if (actual !== 'none' && actual !== expected) throw new RedisReplyError(WRONGTYPE);
  }
  if (key === undefined) return;
  switch (name) {
    case 'INCR':
    case 'DECR':
    case 'INCRBY':
    case 'DECRBY': {
      const by = args[2];
      if ((name === 'INCRBY' || name === 'DECRBY') && (by === undefined || !isInteger(by))) throw new RedisReplyError(NOT_AN_INTEGER);
      const current = await mock.get(key);
      if (current !== null && !isInteger(current)) throw new RedisReplyError(NOT_AN_INTEGER);
      return;
    }
    case 'INCRBYFLOAT': {
      const current = await mock.get(key);
      if (!isFloat(args[2] ?? '') || (current !== null && !isFloat(current))) throw new RedisReplyError(NOT_A_FLOAT);
      return;
    }
    case 'HINCRBY': {
      if (!isInteger(args[3] ?? '')) throw new RedisReplyError(NOT_AN_INTEGER);
      const current = await mock.hget(key, args[2] ?? '');
      if (current !== null && !isInteger(current)) throw new RedisReplyError(HASH_NOT_AN_INTEGER);
      return;
    }
    case 'HINCRBYFLOAT': {
      if (!isFloat(args[3] ?? '')) throw new RedisReplyError(NOT_A_FLOAT);
      const current = await mock.hget(key, args[2] ?? '');
      if (current !== null && !isFloat(current)) throw new RedisReplyError(HASH_NOT_A_FLOAT);
      return;
    }
  }
}
