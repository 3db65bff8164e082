/**
 * The platform's `requestSubscribeMessage`: WeChat's in a mini-program. H5
 * has no WeChat: there the clearly labelled development path asks the WeChat
 * simulator to play the phone's dialog (every template accepted), as the
 * login page does for the login code and 人脸核身.
 */
import Taro from '@tarojs/taro';
import { http } from './api';
import { STORAGE_KEYS } from './kv';
import { taroStore } from './taro-kv';
import type { TRequestSubscribe } from './subscribe';

export const SUBSCRIBE_IS_SIMULATED = process.env.TARO_ENV === 'h5';

export function subscribeRequester(): TRequestSubscribe | undefined {
  if (process.env.TARO_ENV === 'weapp') {
    return (o) => Taro.requestSubscribeMessage({ tmplIds: o.tmplIds, entityIds: [] } as never) as unknown as Promise<Record<string, string>>;
  }
  if (SUBSCRIBE_IS_SIMULATED) {
    return async (o) => {
      const answers = Object.fromEntries(o.tmplIds.map((id) => [id, 'accept']));
      await http.request('POST', '/sim/wechat/_dev/subscribe', { code: taroStore.get<string>(STORAGE_KEYS.devLoginCode) ?? '', answers });
      return { errMsg: 'requestSubscribeMessage:ok', ...answers };
    };
  }
  return undefined;
}
