const { existsSync } = require('node:fs');
const path = require('node:path');

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['domain', 'functions', 'tests', 'client'].filter((d) => existsSync(path.join(__dirname, d))).map((d) => `<rootDir>/${d}`),
  testMatch: ['**/*.test.ts', '**/*.test.tsx'],
  transform: {
    '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript', tsx: true }, transform: { react: { runtime: 'automatic' } }, target: 'es2022' } }],
  },
  // Taro's React H5 components ship as ES modules: transform them for the component tests
  transformIgnorePatterns: ['/node_modules/(?!@tarojs/components-react/)'],
  moduleNameMapper: {
    '^@/domain$': '<rootDir>/domain/index.ts',
    '^@/domain/(.*)$': '<rootDir>/domain/$1',
    // component tests (jsdom): Taro's components and the NutUI kit as DOM stand-ins, styles as nothing
    '^@tarojs/components$': '<rootDir>/client/test/taro-components.tsx',
    '^@nutui/nutui-react-taro$': '<rootDir>/client/test/nutui.tsx',
    '\\.css$': '<rootDir>/client/test/style.js',
  },
  // the browser suite runs with `npm run test:e2e` (after the H5 build), see jest.e2e.config.js
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/tests/e2e/'],
};
