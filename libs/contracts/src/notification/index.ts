export * from './distribution-list.v1';
