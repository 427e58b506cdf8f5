export * from './distribution-list.v1';
export * from './feed.v1';
