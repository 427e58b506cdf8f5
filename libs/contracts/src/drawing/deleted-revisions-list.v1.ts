import { defineCommand } from '../core/message-definition';
import { Page } from '../core/page';
import { ProjectListCommand } from './project-command';
import { DeletedRevisionView } from './register-views';

export class ListDeletedRevisionsPayload extends ProjectListCommand {}

/** D4: the project's Deleted Drawing Revisions report (Drawings admins). */
export const ListDeletedRevisionsV1 = defineCommand<ListDeletedRevisionsPayload, Page<DeletedRevisionView>>(
  'drawing.deleted-revisions.list',
  1,
  ListDeletedRevisionsPayload,
);
