import { IsString } from 'class-validator';
import { defineCommand } from '../core/message-definition';

export class ListPublishedRevisionIdsPayload {
  @IsString() projectId!: string;
}

/**
 * S1: the ids of every published revision of a project, read with one
 * streaming cursor (never `$gt` pages: FerretDB re-reads the project per
 * page). 100,000 ids (C5) are about 4 MB: one reply.
 */
export const ListPublishedRevisionIdsV1 = defineCommand<ListPublishedRevisionIdsPayload, { ids: string[] }>(
  'drawing.revisions.published.ids',
  1,
  ListPublishedRevisionIdsPayload,
);
