export * from './sync-progress-reported.v1';
export * from './sync-batch';
export * from './revisions-ready.v1';
export * from './copy-finished.v1';
export * from './copies-requested.v1';
export * from './resync-requested.v1';
