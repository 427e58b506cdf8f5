import { IsBoolean, IsOptional } from 'class-validator';
import { defineCommand } from '../core/message-definition';
import { Page } from '../core/page';
import { ProjectListCommand } from './project-command';
import { RevisionView } from './register-views';

export class ListRevisionsPayload extends ProjectListCommand {
  /** false: the unpublished revisions awaiting review (Drawings admins only). Default true. */
  @IsOptional() @IsBoolean() published?: boolean;
}

export const ListRevisionsV1 = defineCommand<ListRevisionsPayload, Page<RevisionView>>('drawing.revision.list', 1, ListRevisionsPayload);
