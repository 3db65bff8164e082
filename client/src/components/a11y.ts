/** Respect the user's font size setting (微信 设置 → 字体大小; 关怀模式). */
import Taro from '@tarojs/taro';
import { useMemo } from 'react';

export function fontScale(): number {
  try {
    const info = (Taro as unknown as { getAppBaseInfo?: () => { fontSizeScaleFactor?: number } }).getAppBaseInfo?.();
    const f = info?.fontSizeScaleFactor;
    return typeof f === 'number' && f > 0 ? Math.min(Math.max(f, 1), 2) : 1;
  } catch {
    return 1;
  }
}

/**
 * The page root's style: our CSS sizes text in `em`, so one font size on the
 * root scales every label, input and button with the user's setting.
 */
export function usePageStyle(): { fontSize: string } {
  return useMemo(() => ({ fontSize: `${Math.round(16 * fontScale())}px` }), []);
}

export const isH5 = process.env.TARO_ENV === 'h5';
