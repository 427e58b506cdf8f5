import { IsArray, IsString } from 'class-validator';
import { defineCommand } from '../core/message-definition';

export class ConnectedCopyPrunePayload {
  /** The downstream project. */
  @IsString() projectId!: string;
  @IsString() connectionId!: string;
  /** Every revision published upstream now: copies of any other are extra. */
  @IsArray() @IsString({ each: true }) upstreamRevisionIds!: string[];
}

/**
 * Resync: removes the connection's downstream copies whose upstream revision
 * is no longer published (a deletion whose event was lost), reported in the
 * Deleted Drawing Revisions report as "deleted upstream".
 */
export const ConnectedCopyPruneV1 = defineCommand<ConnectedCopyPrunePayload, { removedRevisions: number }>('drawing.connected-copy.prune', 1, ConnectedCopyPrunePayload);
