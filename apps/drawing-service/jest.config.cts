module.exports = {
  displayName: 'drawing-service',
  preset: '../../jest.preset.js',
  coverageDirectory: '../../coverage/apps/drawing-service',
};
