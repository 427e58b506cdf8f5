const nxPreset = require('@nx/jest/preset').default;

module.exports = {
  ...nxPreset,
  testEnvironment: 'node',
  transform: require('./jest.swc'),
  moduleFileExtensions: ['ts', 'js', 'html'],
  // class-transformer and NestJS decorators read metadata through reflect-metadata.
  setupFiles: ['reflect-metadata'],
};
