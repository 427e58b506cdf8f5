module.exports = {
  displayName: 'drawing-service',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  // Contracts are decorated classes: class-transformer needs the metadata API before they load.
  setupFiles: ['reflect-metadata'],
  transform: {
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
  },
  moduleFileExtensions: ['ts', 'js', 'html'],
  coverageDirectory: '../../coverage/apps/drawing-service',
};
