export * from './core/envelope';
export * from './core/message-definition';
export * from './core/errors';
export * from './core/actor';
export * from './core/page';
