export * from './company-changed.v1';
export * from './project-changed.v1';
export * from './user-changed.v1';
export * from './project-member-changed.v1';
export * from './company-user-changed.v1';
export * from './access-token-changed.v1';
