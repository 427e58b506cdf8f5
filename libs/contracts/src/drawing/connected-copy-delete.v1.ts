import { IsOptional, IsString, MaxLength } from 'class-validator';
import { defineCommand } from '../core/message-definition';

export class ConnectedCopyDeletePayload {
  /** The downstream project. */
  @IsString() projectId!: string;
  @IsString() connectionId!: string;
  @IsString() upstreamDrawingId!: string;
  /** Report reason; default "deleted upstream" (S4). */
  @IsOptional() @IsString() @MaxLength(2000) reason?: string;
}

/**
 * S4: removes the copy of an upstream drawing (all its revisions) from the
 * downstream register, recording each revision in the downstream Deleted
 * Drawing Revisions report. Idempotent: `deletedRevisions: 0` when the copy is gone already.
 */
export const ConnectedCopyDeleteV1 = defineCommand<ConnectedCopyDeletePayload, { deletedRevisions: number }>(
  'drawing.connected-copy.delete',
  1,
  ConnectedCopyDeletePayload,
);
