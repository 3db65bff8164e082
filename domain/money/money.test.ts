import fc from 'fast-check';
import { formatPercentBp, formatYuan, parseYuanToFen } from '../index';

describe('money in fen', () => {
  it.each([
    [0, '0元'],
    [5, '0.05元'],
    [50, '0.5元'],
    [12_345, '123.45元'],
    [490_700, '4,907元'],
    [7_200_000, '72,000元'],
    [123_456_789_00, '123,456,789元'],
    [-150, '-1.5元'],
  ])('formatYuan(%d) = %s', (fen, text) => expect(formatYuan(fen)).toBe(text));

  it.each([
    ['4907', 490_700],
    ['4,907.5', 490_750],
    ['４９０７元', 490_700],
    ['¥22.4', 2_240],
    ['0.05', 5],
    ['1.234', undefined],
    ['-5', undefined],
    ['abc', undefined],
    ['', undefined],
  ])('parseYuanToFen(%j) = %s', (text, fen) => expect(parseYuanToFen(text)).toBe(fen));

  it('round-trips any amount', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 10_000_000_000 }), (fen) => parseYuanToFen(formatYuan(fen)) === fen), { numRuns: 2000 });
  });

  it('formats basis points as percent', () => {
    expect(formatPercentBp(1200)).toBe('12%');
    expect(formatPercentBp(750)).toBe('7.5%');
  });
});
