import { Type } from 'class-transformer';
import { IsBoolean, IsDefined, IsOptional, IsString, ValidateNested } from 'class-validator';
import { defineEvent } from '../core/message-definition';
import { ConnectedSource } from '../drawing/connected-copy-upsert.v1';

/**
 * S1/S2: sync-service asks for one upstream revision to be copied downstream.
 * One-way (no reply): the copy — file included — runs inside drawing-service
 * for as long as the file needs, and its outcome comes back as
 * `drawing.connected-copy.settled`. drawing-service reads the revision's
 * current upstream state itself, so a late or repeated request converges on
 * the newest state and never carries bytes (S7, S9).
 */
export class CopyRequestedPayload {
  /** The downstream project. */
  @IsString() projectId!: string;
  @IsDefined() @ValidateNested() @Type(() => ConnectedSource) source!: ConnectedSource;
  @IsString() upstreamRevisionId!: string;
  /** The batch it belongs to (see SyncBatchPayload.batchId). */
  @IsString() batchId!: string;
  /** Resync: also rewrite a copy that exists but differs from the upstream state (edited behind the engine's back). */
  @IsOptional() @IsBoolean() repair?: boolean;
}

export const CopyRequestedV1 = defineEvent('sync.copy.requested', 1, CopyRequestedPayload);
