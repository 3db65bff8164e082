/**
 * Money is integer fen everywhere (1 元 = 100 分); rates are integer basis
 * points (1 % = 100). Formatting is done by hand rather than through Intl,
 * which not every mini-program JavaScript engine ships with full locale data.
 */

/** `7200000` → `72,000元`; `12345` → `123.45元`. */
export function formatYuan(fen: number): string {
  const negative = fen < 0;
  const abs = Math.round(Math.abs(fen));
  const whole = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const cents = abs % 100;
  const decimals = cents === 0 ? '' : cents % 10 === 0 ? `.${cents / 10}` : `.${String(cents).padStart(2, '0')}`;
  return `${negative ? '-' : ''}${whole}${decimals}元`;
}

/** `1200` → `12%`; `750` → `7.5%`. */
export function formatPercentBp(bp: number): string {
  return `${bp / 100}%`;
}

/** Parses what a person types as yuan (`"4,907.5"`, `"４９０７"`) into fen; undefined if it is not an amount. */
export function parseYuanToFen(text: string): number | undefined {
  const t = text.replace(/[\uFF10-\uFF19]/g, (d) => String(d.charCodeAt(0) - 0xff10)).replace(/[,，\s元¥￥]/g, '').replace('．', '.');
  if (!/^\d{1,12}(\.\d{1,2})?$/.test(t)) return undefined;
  const [whole, frac = ''] = t.split('.');
  return Number(whole) * 100 + Number(frac.padEnd(2, '0'));
}
