const nxPreset = require('@nx/jest/preset').default;

// class-transformer and NestJS decorators read metadata through reflect-metadata.
module.exports = { ...nxPreset, setupFiles: ['reflect-metadata'] };
