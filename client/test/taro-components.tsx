/**
 * `@tarojs/components` in component tests (jsdom): Taro's own React H5
 * components, imported one by one (the package index pulls in the Stencil
 * web components, which jsdom cannot run). Mapped in jest.config.js.
 */
export { default as View } from '@tarojs/components-react/dist/components/view/index.js';
export { default as Text } from '@tarojs/components-react/dist/components/text/index.js';
export { default as Button } from '@tarojs/components-react/dist/components/button/index.js';
export { default as Input } from '@tarojs/components-react/dist/components/input/index.js';
export { default as Image } from '@tarojs/components-react/dist/components/image/index.js';
