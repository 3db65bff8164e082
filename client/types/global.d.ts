/// <reference types="@tarojs/taro" />

declare module '*.png';
declare module '*.gif';
declare module '*.jpg';
declare module '*.jpeg';
declare module '*.svg';
declare module '*.css';

declare namespace NodeJS {
  interface ProcessEnv {
    /** 当前构建的平台 */
    TARO_ENV?: 'weapp' | 'swan' | 'alipay' | 'h5' | 'rn' | 'tt' | 'qq' | 'jd' | 'harmony' | 'jdrn';
    /** 当前构建的小程序 appid（可选，覆盖 project.config.json 中的 appid） */
    TARO_APP_ID?: string;
  }
}

/** API base URL (build-time constant from TARO_APP_API_BASE; '' = same origin). */
declare const API_BASE: string;
/** AppID of the national 电子社保卡 mini-program (build-time constant from TARO_APP_ECARD_APPID; '' = not configured). */
declare const ECARD_APPID: string;
/** Page path inside it (TARO_APP_ECARD_PATH; '' = its home page). */
declare const ECARD_PATH: string;
