import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, ValidateNested } from 'class-validator';
import { defineEvent } from '../core/message-definition';

/** Upstream revisions one copy request (`sync.copies.requested`) carries at most: one message, one fence entry, shared reads (S9). */
export const COPY_REQUEST_MAX_ITEMS = 32;

/**
 * What became of one revision of a `sync.copies.requested`: `copied` (the
 * unpublished copy exists downstream, made now or before), `failed` (refused
 * for good, e.g. DRAWING_NUMBER_TAKEN or FILE_NOT_FOUND; `code` says why), or
 * `skipped` (nothing to copy any more: the upstream revision is gone or
 * unpublished, the drawing was deleted upstream, or the connection is no
 * longer active, S6).
 */
export const COPY_OUTCOMES = ['copied', 'failed', 'skipped'] as const;
export type CopyOutcome = (typeof COPY_OUTCOMES)[number];

export class ConnectedCopyOutcome {
  @IsString() upstreamRevisionId!: string;
  @IsIn(COPY_OUTCOMES) outcome!: CopyOutcome;
  @IsOptional() @IsString() revisionId!: string | null;
  @IsOptional() @IsString() drawingNumber!: string | null;
  @IsOptional() @IsString() code!: string | null;
  @IsOptional() @IsString() reason!: string | null;
}

/** The outcomes of one copy request, every revision it named, announced together once the last is settled. */
export class ConnectedCopiesSettledPayload {
  @IsString() connectionId!: string;
  /** The downstream project. */
  @IsString() projectId!: string;
  @IsString() batchId!: string;
  @IsArray() @ArrayMaxSize(COPY_REQUEST_MAX_ITEMS) @ValidateNested({ each: true }) @Type(() => ConnectedCopyOutcome) items!: ConnectedCopyOutcome[];
}

export const ConnectedCopiesSettledV1 = defineEvent('drawing.connected-copies.settled', 1, ConnectedCopiesSettledPayload);
