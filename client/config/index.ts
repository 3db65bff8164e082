import path from 'node:path';
import { defineConfig, type UserConfigExport } from '@tarojs/cli';
import devConfig from './dev';
import prodConfig from './prod';

/** Repository root (this file lives in `<repo>/client/config/`). */
const REPO_ROOT = path.resolve(__dirname, '..', '..');
const DOMAIN_DIR = path.join(REPO_ROOT, 'domain');

/**
 * Sources outside `client/src` that must go through Babel: the shared `domain/`
 * TypeScript and packages that ship modern syntax. Taro skips node_modules by default.
 */
const COMPILE_INCLUDE: (string | ((filename: string) => boolean))[] = [
  DOMAIN_DIR,
  // A function, not a RegExp: Taro's config validator rejects RegExp values here.
  (filename) => /[\\/]node_modules[\\/]zod[\\/]/.test(filename),
];

/**
 * Keep in sync with `paths` in the root tsconfig.json: `@/domain` is the folder, so
 * `@/domain` resolves to `domain/index.ts` and `@/domain/items/catalog` works too.
 */
const ALIAS = {
  '@/domain': DOMAIN_DIR,
};

/**
 * `chinese-days` ships an ES module inside a `"type": "commonjs"` package; let
 * webpack detect the module type instead of trusting package.json.
 */
function markChineseDaysAuto(chain: any): void {
  chain.module
    .rule('chinese-days-esm')
    .test(/[\\/]node_modules[\\/]chinese-days[\\/]dist[\\/]index\.es\.js$/)
    .type('javascript/auto');
}

/** API base URL, fixed at build time (`TARO_APP_API_BASE`). */
const API_BASE = (process.env.TARO_APP_API_BASE ?? '').replace(/\/+$/, '');
if (process.env.TARO_ENV === 'weapp' && !/^https:\/\//.test(API_BASE)) {
  console.warn(
    '[hire-once] TARO_APP_API_BASE is not an https URL: the mini-program cannot reach the API. ' +
      'Set TARO_APP_API_BASE=https://<your ICP-filed domain> for a real weapp build.',
  );
}

/**
 * The national 电子社保卡 mini-program that the card page opens with
 * navigateToMiniProgram (`TARO_APP_ECARD_APPID`, fixed at build time; '' = not
 * configured: the button explains instead of jumping). Its app id is the
 * operator's to confirm with 人社部's 电子社保卡 service, so none is built in.
 */
const ECARD_APPID = (process.env.TARO_APP_ECARD_APPID ?? '').trim();
if (ECARD_APPID && !/^wx[0-9a-f]{16}$/.test(ECARD_APPID)) {
  console.warn(`[hire-once] TARO_APP_ECARD_APPID “${ECARD_APPID}” does not look like a mini-program AppID (wx + 16 hex digits).`);
}
/** Optional page path inside it (TARO_APP_ECARD_PATH), e.g. the card page; '' opens its home page. */
const ECARD_PATH = (process.env.TARO_APP_ECARD_PATH ?? '').trim();

// https://docs.taro.zone/docs/next/config#defineconfig-辅助函数
export default defineConfig<'webpack5'>(async (merge) => {
  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'hire-once',
    // NutUI is designed at 375 px wide; our own styles at 750 (facts.md).
    designWidth(input?: string | number | { file?: string }) {
      const file = typeof input === 'object' ? input?.file : typeof input === 'string' ? input : undefined;
      return file && file.replace(/\\+/g, '/').includes('@nutui') ? 375 : 750;
    },
    deviceRatio: {
      640: 2.34 / 2,
      750: 1,
      375: 2,
      828: 1.81 / 2,
    },
    sourceRoot: 'src',
    // One output folder per platform, both under `<repo>/dist/` (TARO_ENV is the --type).
    outputRoot: process.env.TARO_ENV === 'h5' ? '../dist/h5' : '../dist/weapp',
    plugins: [],
    defineConstants: {
      // '' = same origin (H5 served beside the API). A weapp build needs an absolute https URL.
      API_BASE: JSON.stringify(API_BASE),
      ECARD_APPID: JSON.stringify(ECARD_APPID),
      ECARD_PATH: JSON.stringify(ECARD_PATH),
    },
    alias: ALIAS,
    copy: { patterns: [], options: {} },
    framework: 'react',
    compiler: {
      type: 'webpack5',
      // NutUI ships per-component ES modules and CSS; prebundling would pull the whole kit.
      prebundle: { exclude: ['@nutui/nutui-react-taro', '@nutui/icons-react-taro'] },
    },
    cache: { enable: false },
    mini: {
      compile: { include: COMPILE_INCLUDE },
      // NutUI's per-component styles do not depend on each other's order (as in H5 below).
      miniCssExtractPluginOption: { ignoreOrder: true },
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false },
      },
      webpackChain(chain) {
        markChineseDaysAuto(chain);
      },
    },
    h5: {
      publicPath: '/',
      staticDirectory: 'static',
      router: { mode: 'browser' },
      output: {
        filename: 'js/[name].[contenthash:8].js',
        chunkFilename: 'js/[name].[contenthash:8].js',
      },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[contenthash:8].css',
        chunkFilename: 'css/[name].[contenthash:8].css',
      },
      compile: { include: COMPILE_INCLUDE },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        cssModules: { enable: false },
      },
      webpackChain(chain) {
        markChineseDaysAuto(chain);
        // React + the Taro H5 runtime is ~300 KiB and the page (with the domain data) ~380 KiB;
        // warn only well above that.
        chain.performance.maxEntrypointSize(600 * 1024).maxAssetSize(600 * 1024);
      },
    },
  };

  if (process.env.NODE_ENV === 'development') {
    return merge({}, baseConfig, devConfig);
  }
  return merge({}, baseConfig, prodConfig);
});
