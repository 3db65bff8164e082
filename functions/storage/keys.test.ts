import { keyspace } from './keys';

describe('keyspace', () => {
  test('builds prefix + parts joined with ":"', () => {
    const key = keyspace('ho:');
    expect(key('session', 'abc')).toBe('ho:session:abc');
    expect(key('hire', 42, 'items')).toBe('ho:hire:42:items');
    expect(key.prefix).toBe('ho:');
  });

  test('a SCAN pattern for the whole keyspace, with glob characters escaped', () => {
    expect(keyspace('ho:').pattern).toBe('ho:*');
    expect(keyspace('test:[a]*:').pattern).toBe('test:\\[a\\]\\*:*');
  });

  test('refuses empty keys and empty parts', () => {
    const key = keyspace('ho:');
    expect(() => key()).toThrow(TypeError);
    expect(() => key('session', '')).toThrow(/empty key part/);
  });
});
