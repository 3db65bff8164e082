import Taro from '@tarojs/taro';
import type { TKeyValueStore } from './kv';

/** Taro storage (wx storage in weapp, localStorage in H5). */
export const taroStore: TKeyValueStore = {
  get<T>(key: string): T | undefined {
    try {
      const v = Taro.getStorageSync(key);
      return v === '' || v === undefined || v === null ? undefined : (v as T);
    } catch {
      return undefined;
    }
  },
  set(key, value) {
    Taro.setStorageSync(key, value);
  },
  remove(key) {
    Taro.removeStorageSync(key);
  },
};
