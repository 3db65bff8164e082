import { createHash } from 'node:crypto';
import { startTestStore, type TTestStore } from '../testing';
import { createScriptFlagsCompat, withoutUnknownFlags } from './script-flags';

const sha1 = (s: string) => createHash('sha1').update(s).digest('hex');

describe('withoutUnknownFlags', () => {
  it.each([
    ['#!lua flags=allow-key-locking\nreturn 1', '\nreturn 1'],
    ['#!lua flags=no-writes,allow-key-locking\nreturn 1', '#!lua flags=no-writes\nreturn 1'],
    ['#!lua flags=no-writes\nreturn 1', '#!lua flags=no-writes\nreturn 1'],
    ['#!lua\nreturn 1', '#!lua\nreturn 1'],
    ['return 1', 'return 1'],
    ['\n#!lua flags=allow-key-locking\nreturn 1', '\n#!lua flags=allow-key-locking\nreturn 1'], // not a shebang unless on line 1
  ])('%j → %j', (script, expected) => {
    expect(withoutUnknownFlags(script)).toBe(expected);
  });

  it('maps EVALSHA of the original sha once an EVAL has shown the script; other commands pass unchanged', () => {
    const compat = createScriptFlagsCompat();
    const script = '#!lua flags=allow-key-locking\nreturn 1';
    expect(compat(['EVALSHA', sha1(script), '0'])).toEqual(['EVALSHA', sha1(script), '0']);
    expect(compat(['eval', script, '0'])).toEqual(['eval', '\nreturn 1', '0']);
    expect(compat(['EVALSHA', sha1(script), '0'])).toEqual(['EVALSHA', sha1('\nreturn 1'), '0']);
    expect(compat(['SET', 'k', '#!lua flags=allow-key-locking'])).toEqual(['SET', 'k', '#!lua flags=allow-key-locking']);
  });
});

describe.each(['memory', 'redis'] as const)('a script with an Upstash-only flag through the gateway (%s backend)', (backend) => {
  let store: TTestStore;
  beforeAll(async () => {
    store = await startTestStore({ backend });
  });
  afterAll(() => store.close());

  it('runs with EVAL, then with EVALSHA of its original sha (as @upstash/ratelimit sends it)', async () => {
    const script = `#!lua flags=allow-key-locking\nreturn redis.call('INCRBY', KEYS[1], ARGV[1])`;
    const key = `${store.prefix}flagged`;
    await expect(store.redis.evalsha(sha1(script), [key], ['1'])).rejects.toThrow(/NOSCRIPT/);
    expect(await store.redis.eval(script, [key], ['2'])).toBe(2);
    expect(await store.redis.evalsha(sha1(script), [key], ['3'])).toBe(5);
  });
});
