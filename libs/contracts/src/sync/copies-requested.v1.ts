import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsDefined, IsOptional, IsString, ValidateNested } from 'class-validator';
import { defineEvent } from '../core/message-definition';
import { COPY_REQUEST_MAX_ITEMS } from '../drawing/connected-copies-settled.v1';
import { ConnectedSource } from '../drawing/connected-copy-upsert.v1';

/**
 * S1/S2: sync-service asks for a batch of upstream revisions to be copied
 * downstream (a chunk of the initial copy's walk, or one upstream publish).
 * One-way (no reply): the copies — files included — run inside
 * drawing-service for as long as the files need, and their outcomes come
 * back together as one `drawing.connected-copies.settled`. drawing-service
 * reads the revisions' current upstream state itself, so a late or repeated
 * request converges on the newest state and never carries bytes (S7, S9).
 */
export class CopiesRequestedPayload {
  /** The downstream project. */
  @IsString() projectId!: string;
  @IsDefined() @ValidateNested() @Type(() => ConnectedSource) source!: ConnectedSource;
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(COPY_REQUEST_MAX_ITEMS) @IsString({ each: true }) upstreamRevisionIds!: string[];
  /** The batch they belong to (see SyncBatchPayload.batchId). */
  @IsString() batchId!: string;
  /** Resync: also rewrite a copy that exists but differs from the upstream state (edited behind the engine's back). */
  @IsOptional() @IsBoolean() repair?: boolean;
}

export const CopiesRequestedV1 = defineEvent('sync.copies.requested', 1, CopiesRequestedPayload);
