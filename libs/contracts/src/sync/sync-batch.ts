import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsDefined, IsIn, IsInt, IsISO8601, IsString, Min, ValidateNested } from 'class-validator';
import { ConnectionSide } from '../connection/connection-view';

/** What started a batch of copies: the first full copy of a connection (S1), or one upstream publish (S2). */
export const SYNC_BATCH_KINDS = ['initial', 'publish'] as const;
export type SyncBatchKind = (typeof SYNC_BATCH_KINDS)[number];

/** Drawing numbers listed in one notification at most; `count` always carries the full number. */
export const SYNC_BATCH_MAX_LISTED = 200;

/**
 * One batch of a connection's sync, as notification-service (N2) needs it:
 * both sides by name, what started it, and the deterministic `batchId`
 * (`<connectionId>:initial`, or `<connectionId>:<upstream publish id>`) so a
 * redelivered or re-derived batch is recognised as the same one.
 */
export class SyncBatchPayload {
  @IsString() connectionId!: string;
  @IsString() batchId!: string;
  @IsIn(SYNC_BATCH_KINDS) kind!: SyncBatchKind;
  @IsDefined() @ValidateNested() @Type(() => ConnectionSide) upstream!: ConnectionSide;
  @IsDefined() @ValidateNested() @Type(() => ConnectionSide) downstream!: ConnectionSide;
  /** Revisions of the batch now waiting for review downstream. */
  @IsInt() @Min(0) count!: number;
  /** Their drawing numbers, in the upstream register's order (at most SYNC_BATCH_MAX_LISTED). */
  @IsArray() @ArrayMaxSize(SYNC_BATCH_MAX_LISTED) @IsString({ each: true }) drawingNumbers!: string[];
  @IsISO8601() at!: string;
}
