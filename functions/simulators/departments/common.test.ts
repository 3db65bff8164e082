import type { TSimRequest } from '../framework';
import { canonicalJson, IdempotencyStore, isLuhnValid, luhnCheckDigit, ok, refuse } from './common';

const req = (body: unknown, headers: Record<string, string> = {}): TSimRequest => ({
  method: 'POST',
  path: '/x',
  params: {},
  query: new URLSearchParams(),
  headers,
  body,
});

describe('luhn', () => {
  it('computes the textbook example', () => {
    expect(luhnCheckDigit('7992739871')).toBe('3');
    expect(isLuhnValid('79927398713')).toBe(true);
    expect(isLuhnValid('79927398710')).toBe(false);
  });
});

describe('canonicalJson', () => {
  it('ignores key order and undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: undefined } })).toBe(canonicalJson({ a: { d: [1, { x: 1, y: 2 }] }, b: 1 }));
  });
});

describe('IdempotencyStore', () => {
  it('replays successes, refuses conflicts, forgets refusals', () => {
    const store = new IdempotencyStore();
    let n = 0;
    const write = () => ok({ n: ++n });
    expect(store.run('s', req({ requestId: 'r1', a: 1 }), write).body).toMatchObject({ data: { n: 1 } });
    expect(store.run('s', req({ a: 1, requestId: 'r1' }), write).body).toMatchObject({ data: { n: 1 } });
    expect(store.run('s', req({ requestId: 'r1', a: 2 }), write).status).toBe(409);
    expect(store.run('other', req({ requestId: 'r1', a: 2 }), write).body).toMatchObject({ data: { n: 2 } });
    expect(store.run('s', req({ requestId: 'r2' }), () => refuse('INVALID_PARAMS', 'x')).body).toMatchObject({ code: 'INVALID_PARAMS' });
    expect(store.run('s', req({ requestId: 'r2', fixed: true }), write).body).toMatchObject({ data: { n: 3 } });
    expect(store.size).toBe(3);
  });

  it('needs a requestId that matches the Idempotency-Key header', () => {
    const store = new IdempotencyStore();
    expect(store.run('s', req({}), () => ok(1)).status).toBe(400);
    expect(store.run('s', req({ requestId: 'a' }, { 'idempotency-key': 'b' }), () => ok(1)).status).toBe(400);
    expect(store.run('s', req({ requestId: 'a' }, { 'idempotency-key': 'a' }), () => ok(1)).status).toBe(200);
  });
});
