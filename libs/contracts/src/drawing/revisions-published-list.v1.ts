import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { defineCommand } from '../core/message-definition';
import { MAX_PAGE_SIZE, Page } from '../core/page';
import { PublishedRevisionItem } from './register-facts';

export class ListPublishedRevisionsPayload {
  @IsString() projectId!: string;
  @IsOptional() @IsInt() @Min(1) @Max(MAX_PAGE_SIZE) limit?: number;
  @IsOptional() @IsString() cursor?: string;
}

/**
 * S1: pages through every published revision of a project (service to
 * service, no actor), each item shaped like those of `drawing.revisions.published`.
 * Stable order (by revision id), so a walk started before later publishes
 * still ends; revisions published meanwhile arrive by event as well.
 */
export const ListPublishedRevisionsV1 = defineCommand<ListPublishedRevisionsPayload, Page<PublishedRevisionItem>>(
  'drawing.revisions.published.list',
  1,
  ListPublishedRevisionsPayload,
);
