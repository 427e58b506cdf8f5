// Browser end-to-end specs of the web app (*.e2e-spec.ts): Debian's Chromium driven by
// playwright-core against the whole system (all five apps from source, the built web app served by
// the gateway), on the real broker and database of libs/testing's global setup. `make test-e2e-web`.
const { pathsToModuleNameMapper } = require('ts-jest');
const { compilerOptions } = require('../../tsconfig.base.json');

module.exports = {
  displayName: 'web-e2e',
  rootDir: __dirname + '/../..',
  testEnvironment: 'node',
  testMatch: ['<rootDir>/apps/web/e2e/**/*.e2e-spec.ts'],
  transform: require('../../jest.swc'),
  moduleNameMapper: pathsToModuleNameMapper(compilerOptions.paths, { prefix: '<rootDir>/' }),
  globalSetup: '<rootDir>/libs/testing/src/jest/global-setup.ts',
  globalTeardown: '<rootDir>/libs/testing/src/jest/global-teardown.ts',
  testTimeout: 180_000,
  maxWorkers: 1,
  setupFiles: ['reflect-metadata'],
};
