module.exports = {
  displayName: 'connection-service',
  preset: '../../jest.preset.js',
  coverageDirectory: '../../coverage/apps/connection-service',
};
