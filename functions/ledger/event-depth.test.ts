/**
 * A ledger event whose data nests without bound is refused by the schema
 * that guards every append (a 422), instead of overflowing the stack in
 * canonicalEntry (a 500, which a queue retries forever). Found by the
 * endpoint fuzzer (tests/fuzz): a signed `ledger` message nested 100,000 deep.
 */
import { parseWithIssues } from '../../domain';
import { MAX_DATA_DEPTH, nestingDepth, ZLedgerEventSchema } from './store';
import { canonicalEntry, type TLedgerEvent } from './port';

const event = (data: Record<string, unknown>) => ({ id: 'e1', type: 'fuzz.event', at: '2026-11-26T08:00:00.000Z', actor: 'test', subject: {}, data });
/** `{ d: [[[…]]] }` with `depth` levels in all, built by JSON.parse (no recursion). */
const nested = (depth: number) => JSON.parse(`{"d":${'['.repeat(depth - 1)}${']'.repeat(depth - 1)}}`) as Record<string, unknown>;

describe('ledger event data depth', () => {
  it('counts nesting without recursion, even 200,000 levels deep', () => {
    expect(nestingDepth('x')).toBe(0);
    expect(nestingDepth({ a: 1 })).toBe(1);
    expect(nestingDepth({ a: [{ b: [] }] })).toBe(4);
    expect(nestingDepth(nested(200_000))).toBe(200_000);
    expect(nestingDepth(nested(200_000), 40)).toBe(41); // stops early past the limit
  });

  it('accepts data up to the limit and refuses deeper data with a Chinese message', () => {
    expect(parseWithIssues(ZLedgerEventSchema, event(nested(MAX_DATA_DEPTH))).success).toBe(true);
    const deep = parseWithIssues(ZLedgerEventSchema, event(nested(100_000)));
    expect(deep.success).toBe(false);
    if (!deep.success) {
      expect(deep.issues[0]!.path).toEqual(['data']);
      expect(deep.issues[0]!.message).toMatch(/嵌套/);
    }
  });

  it('was needed: canonical encoding of such data overflows the stack', () => {
    expect(() => canonicalEntry(event(nested(100_000)) as TLedgerEvent)).toThrow(RangeError);
  });
});
