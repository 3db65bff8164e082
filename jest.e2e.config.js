/** End-to-end suites in a real browser (`npm run test:e2e`); needs dist/h5 and /usr/bin/chromium. */
const base = require('./jest.config.js');

module.exports = {
  ...base,
  roots: ['<rootDir>/tests/e2e'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  testTimeout: 120_000,
  maxWorkers: 1,
};
