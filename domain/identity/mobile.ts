/**
 * Mainland China mobile numbers: 11 digits starting with 1, in the number
 * blocks the 工业和信息化部 has allocated to mobile, satellite and IoT-free
 * public service (《电信网编号计划（2017年版）》 and later allocations: 13x,
 * 145–149, 15x except 154, 162/165/166/167, 170–178, 18x, 19x except 194).
 * An optional +86 / 86 / 0086 prefix and spaces or hyphens are accepted.
 */
import { toHalfWidth } from './normalize';

const MOBILE = /^1(?:3\d|4[5-9]|5[0-35-9]|6[2567]|7[0-8]|8\d|9[0-35-9])\d{8}$/;

export function normalizeMobile(value: string): string {
  return toHalfWidth(value).replace(/[\s\-()]/g, '').replace(/^(?:\+86|0086|86)(?=1\d{10}$)/, '');
}

export function isValidMobile(value: string): boolean {
  return MOBILE.test(value);
}
