module.exports = {
  displayName: 'sync-service',
  preset: '../../jest.preset.js',
  coverageDirectory: '../../coverage/apps/sync-service',
};
