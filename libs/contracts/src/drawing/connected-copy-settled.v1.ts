import { IsIn, IsOptional, IsString } from 'class-validator';
import { defineEvent } from '../core/message-definition';

/**
 * What became of one `sync.copy.requested`: `copied` (the unpublished copy
 * exists downstream, made now or before), `failed` (refused for good, e.g.
 * DRAWING_NUMBER_TAKEN; `code` says why), or `skipped` (nothing to copy any
 * more: the upstream revision is gone or unpublished, or the connection is
 * no longer active, S6).
 */
export const COPY_OUTCOMES = ['copied', 'failed', 'skipped'] as const;
export type CopyOutcome = (typeof COPY_OUTCOMES)[number];

export class ConnectedCopySettledPayload {
  @IsString() connectionId!: string;
  /** The downstream project. */
  @IsString() projectId!: string;
  @IsString() upstreamRevisionId!: string;
  @IsString() batchId!: string;
  @IsIn(COPY_OUTCOMES) outcome!: CopyOutcome;
  @IsOptional() @IsString() revisionId!: string | null;
  @IsOptional() @IsString() drawingNumber!: string | null;
  @IsOptional() @IsString() code!: string | null;
  @IsOptional() @IsString() reason!: string | null;
}

export const ConnectedCopySettledV1 = defineEvent('drawing.connected-copy.settled', 1, ConnectedCopySettledPayload);
