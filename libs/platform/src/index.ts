export * from './config';
export * from './logging';
export * from './health.controller';
export * from './service.module';
export * from './bootstrap';
export * from './metrics.controller';
