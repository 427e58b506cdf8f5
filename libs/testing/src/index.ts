export * from './infrastructure';
export * from './broker-admin';
export * from './system';
export * from './broker-restart';
export * from './fixtures';
export * from './eventually';
export * from './test-mailbox';
export * from './register-seed';
