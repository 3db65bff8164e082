import fc from 'fast-check';
import { OPTION_SPECS, normalizeOptionTokens } from './memory-options';

describe('normalizeOptionTokens', () => {
  test.each([
    // What @upstash/redis sends → what reaches ioredis-mock
    [['SET', 'k', 'v', 'nx', 'ex', '60'], ['SET', 'k', 'v', 'NX', 'EX', '60']],
    [['SET', 'k', 'v', 'xx', 'get', 'px', '500'], ['SET', 'k', 'v', 'XX', 'GET', 'PX', '500']],
    [['SET', 'k', 'v', 'keepTtl'], ['SET', 'k', 'v', 'KEEPTTL']],
    [['GETEX', 'k', 'persist'], ['GETEX', 'k', 'PERSIST']],
    [['EXPIRE', 'k', '60', 'nx'], ['EXPIRE', 'k', '60', 'NX']],
    [['ZADD', 'z', 'nx', 'ch', '1', 'a'], ['ZADD', 'z', 'NX', 'CH', '1', 'a']],
    [['ZRANGE', 'z', '0', '10', 'byscore', 'rev', 'limit', '0', '5', 'withscores'], ['ZRANGE', 'z', '0', '10', 'BYSCORE', 'REV', 'LIMIT', '0', '5', 'WITHSCORES']],
    [['ZRANGEBYSCORE', 'z', '-inf', '+inf', 'withscores', 'limit', '0', '1'], ['ZRANGEBYSCORE', 'z', '-inf', '+inf', 'WITHSCORES', 'LIMIT', '0', '1']],
    [['SCAN', '0', 'match', 'ho:*', 'count', '100', 'type', 'hash'], ['SCAN', '0', 'MATCH', 'ho:*', 'COUNT', '100', 'TYPE', 'hash']],
    [['HSCAN', 'h', '0', 'match', 'f*'], ['HSCAN', 'h', '0', 'MATCH', 'f*']],
    [['ZUNIONSTORE', 'd', '2', 'a', 'b', 'weights', '1', '2', 'aggregate', 'max'], ['ZUNIONSTORE', 'd', '2', 'a', 'b', 'WEIGHTS', '1', '2', 'AGGREGATE', 'MAX']],
    [['XADD', 's', 'maxlen', '~', '100', '*', 'f', 'v'], ['XADD', 's', 'MAXLEN', '~', '100', '*', 'f', 'v']],
    [['XREAD', 'count', '10', 'streams', 'count', '0'], ['XREAD', 'COUNT', '10', 'STREAMS', 'count', '0']],
    [['LMOVE', 'a', 'b', 'left', 'right'], ['LMOVE', 'a', 'b', 'LEFT', 'RIGHT']],
    [['LINSERT', 'l', 'before', 'before', 'x'], ['LINSERT', 'l', 'BEFORE', 'before', 'x']],
  ])('%j → %j', (input, expected) => {
    expect(normalizeOptionTokens(input)).toEqual(expected);
  });

  test.each([
    // Keys, values and members that read like options are never touched.
    [['SET', 'nx', 'ex', 'nx'], ['SET', 'nx', 'ex', 'NX']],
    [['SET', 'k', 'v', 'ex', 'nx'], ['SET', 'k', 'v', 'EX', 'nx']], // EX's value goes to Redis as sent
    [['ZADD', 'z', '1', 'nx', '2', 'withscores'], ['ZADD', 'z', '1', 'nx', '2', 'withscores']],
    [['SCAN', '0', 'match', 'count'], ['SCAN', '0', 'MATCH', 'count']],
    [['SCAN', '0', 'count', '10', 'match', 'limit'], ['SCAN', '0', 'COUNT', '10', 'MATCH', 'limit']],
    [['ZRANGE', 'limit', 'withscores', 'rev'], ['ZRANGE', 'limit', 'withscores', 'rev']],
    [['GET', 'ex'], ['GET', 'ex']],
    [['HSET', 'h', 'nx', 'xx'], ['HSET', 'h', 'nx', 'xx']],
    [['SADD', 's', 'withscores'], ['SADD', 's', 'withscores']],
    [['EVAL', 'return 1', '0'], ['EVAL', 'return 1', '0']],
  ])('%j keeps its keys and values: %j', (input, expected) => {
    expect(normalizeOptionTokens(input)).toEqual(expected);
  });

  test('property: the key and the value of SET are never changed', () => {
    const token = fc.constantFrom('nx', 'xx', 'ex', 'px', 'get', 'keepttl', 'withscores', 'limit', 'Nx', 'a', '10');
    fc.assert(
      fc.property(token, token, fc.array(token, { maxLength: 6 }), (key, value, rest) => {
        const out = normalizeOptionTokens(['SET', key, value, ...rest]);
        expect(out[1]).toBe(key);
        expect(out[2]).toBe(value);
        expect(out).toHaveLength(3 + rest.length);
        // Every changed token is an upper-cased option keyword.
        out.forEach((t, i) => {
          if (t !== (['SET', key, value, ...rest] as string[])[i]) expect(Object.keys(OPTION_SPECS.SET!.keywords)).toContain(t);
        });
      }),
    );
  });
});
