/**
 * ISO 7064 MOD 11-2, as GB 11643-1999 §4 uses it for the 18th character of a
 * citizen identity number (and as the 2023 外国人永久居留身份证 number reuses it).
 * Weights Wᵢ = 2^(18−i) mod 11 for positions 1..17.
 */
export const MOD11_2_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';

/** The check character for 17 digits, or undefined if they are not 17 digits. */
export function mod11_2CheckChar(first17: string): string | undefined {
  if (!/^\d{17}$/.test(first17)) return undefined;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * MOD11_2_WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11];
}

export function hasValidMod11_2(id18: string): boolean {
  return id18.length === 18 && mod11_2CheckChar(id18.slice(0, 17)) === id18[17];
}
