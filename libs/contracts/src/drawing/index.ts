// Register state and views shared by the messages below.
export * from './register-facts';
export * from './register-views';
export * from './project-command';
export * from './revision-upload-fields';
// Commands of users (through the gateway).
export * from './area-create.v1';
export * from './area-update.v1';
export * from './area-delete.v1';
export * from './area-list.v1';
export * from './discipline-create.v1';
export * from './discipline-update.v1';
export * from './discipline-list.v1';
export * from './set-create.v1';
export * from './set-update.v1';
export * from './set-list.v1';
export * from './revision-precheck.v1';
export * from './revision-create.v1';
export * from './revisions-publish.v1';
export * from './revision-list.v1';
export * from './revision-get.v1';
export * from './revision-update.v1';
export * from './drawing-list.v1';
export * from './drawing-get.v1';
export * from './drawing-update.v1';
export * from './drawing-delete.v1';
export * from './markup-create.v1';
export * from './markup-list.v1';
export * from './deleted-revisions-list.v1';
// Events a downstream follows (S1–S4).
export * from './revisions-published.v1';
export * from './drawing-updated.v1';
export * from './revision-updated.v1';
export * from './area-updated.v1';
export * from './discipline-updated.v1';
export * from './set-updated.v1';
export * from './drawing-deleted.v1';
export * from './area-deleted.v1';
// Commands of the sync engine and of connection rules (C5).
export * from './revisions-published-list.v1';
export * from './connected-copy-upsert.v1';
export * from './connected-copy-delete.v1';
export * from './revision-count.v1';
export * from './file-chunk-put.v1';
export * from './file-upload-complete.v1';
export * from './file-upload-abort.v1';
export * from './file-open.v1';
export * from './file-chunk-get.v1';
