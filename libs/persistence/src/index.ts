export * from './database-name';
export * from './inbox';
export * from './change-log';
export * from './persistence.module';
export * from './retry-on-conflict';
export * from './versioned-writes';
export * from './leases';
export * from './insert-once';
