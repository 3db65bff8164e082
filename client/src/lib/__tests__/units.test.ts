import { bpToPercentText, fenToYuanText, fromDisplayText, parsePercentToBp, toDisplayText, unitSuffix } from '../units';

describe('yuan ↔ fen', () => {
  it('round-trips typed amounts', () => {
    expect(fromDisplayText('fen_per_month', '4907.5')).toBe(490750);
    expect(fromDisplayText('fen_per_year', '72,000')).toBe(7_200_000);
    expect(fromDisplayText('fen_per_month', '６０００')).toBe(600_000);
    expect(toDisplayText('fen_per_month', 490750)).toBe('4907.5');
    expect(fenToYuanText(12345)).toBe('123.45');
    expect(fenToYuanText(600_000)).toBe('6000');
  });
  it('keeps text that is not an amount, so the schema reports it', () => {
    expect(fromDisplayText('fen_per_month', '12.345')).toBe('12.345');
    expect(fromDisplayText('fen_per_month', 'abc')).toBe('abc');
    expect(fromDisplayText('fen_per_month', '  ')).toBeUndefined();
  });
});

describe('percent ↔ basis points', () => {
  it('parses percentages', () => {
    expect(parsePercentToBp('12')).toBe(1200);
    expect(parsePercentToBp('7.5%')).toBe(750);
    expect(parsePercentToBp('５')).toBe(500);
    expect(parsePercentToBp('5.125')).toBeUndefined();
    expect(bpToPercentText(750)).toBe('7.5');
    expect(fromDisplayText('bp', '12')).toBe(1200);
    expect(toDisplayText('bp', 1200)).toBe('12');
  });
  it('hours and suffixes', () => {
    expect(fromDisplayText('hours_per_week', '40')).toBe(40);
    expect(fromDisplayText(undefined, 'x')).toBe('x');
    expect(unitSuffix('fen_per_year')).toBe('元/年');
    expect(unitSuffix('bp')).toBe('%');
  });
});
