/**
 * Masking of personal data for lists, responses and logs (PIPL §51). No
 * national rule fixes the pattern; ours always hides the birth date:
 * an 18-character ID shows its first 3 and last 4 characters.
 */

/** `150302199503150020` → `150***********0020`; short numbers keep only their last 2. */
export function maskIdNumber(id: string): string {
  if (id.length >= 15) return id.slice(0, 3) + '*'.repeat(id.length - 7) + id.slice(-4);
  if (id.length <= 2) return '*'.repeat(id.length);
  return '*'.repeat(id.length - 2) + id.slice(-2);
}

/** `13800471234` → `138****1234`. */
export function maskPhone(phone: string): string {
  return phone.length >= 7 ? phone.slice(0, 3) + '*'.repeat(phone.length - 7) + phone.slice(-4) : '*'.repeat(phone.length);
}

/** `测试员工甲` → `测***甲`; two characters → `*乙`. */
export function maskName(name: string): string {
  const chars = [...name];
  if (chars.length <= 1) return '*';
  if (chars.length === 2) return '*' + chars[1];
  return chars[0] + '*'.repeat(chars.length - 2) + chars[chars.length - 1];
}

// 18-character GB 11643-style numbers (incl. 永居证 2023) and 15-character legacy ones, not inside longer digit runs.
const ID_IN_TEXT = /(?<![0-9A-Za-z])(\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])/g;
const MOBILE_IN_TEXT = /(?<!\d)(1[3-9]\d{9})(?!\d)/g;

/** Masks anything in free text that looks like an ID or mobile number. */
export function maskIdentityNumbersInText(text: string): string {
  return text.replace(ID_IN_TEXT, (m) => maskIdNumber(m)).replace(MOBILE_IN_TEXT, (m) => maskPhone(m));
}
