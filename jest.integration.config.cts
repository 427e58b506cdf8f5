// Integration and system specs (*.int-spec.ts): real RabbitMQ and a real
// MongoDB-protocol server, provided by libs/testing's global setup. In band:
// some specs restart the broker, and the machine has two cores.
const { pathsToModuleNameMapper } = require('ts-jest');
const { compilerOptions } = require('./tsconfig.base.json');

module.exports = {
  displayName: 'integration',
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/{apps,libs}/**/*.int-spec.ts'],
  // The built apps (and Nx's cache of them) are no modules of the specs: their package.json files would collide.
  modulePathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/.nx/'],
  transform: require('./jest.swc'),
  moduleNameMapper: pathsToModuleNameMapper(compilerOptions.paths, { prefix: '<rootDir>/' }),
  globalSetup: '<rootDir>/libs/testing/src/jest/global-setup.ts',
  globalTeardown: '<rootDir>/libs/testing/src/jest/global-teardown.ts',
  testTimeout: 180_000,
  maxWorkers: 1,
  setupFiles: ['reflect-metadata'],
};
