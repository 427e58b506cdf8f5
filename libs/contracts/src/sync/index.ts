export * from './sync-progress-reported.v1';
