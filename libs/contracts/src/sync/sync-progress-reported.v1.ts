import { defineEvent } from '../core/message-definition';
import { Type } from 'class-transformer';
import { IsDefined, IsISO8601, IsInt, IsOptional, IsString, Min, ValidateNested } from 'class-validator';
import { ConnectionSyncProgress } from '../connection/connection-view';

/**
 * S8: sync-service's latest view of one connection's progress. Reports are
 * whole snapshots; consumers keep the newest by `connectionVersion`, then by
 * `reportedAt`, so redelivered or reordered reports converge, and a report made
 * late by an instance that still saw an older state of the connection (before a
 * disconnect, an undo, a re-approval) never replaces one about a newer state.
 */
export class SyncProgressReportedPayload {
  @IsString() connectionId!: string;
  /**
   * The connection's version (ConnectionView.version) the report describes. Optional: a report without it
   * (from a producer older than the field) is ordered by `reportedAt` against the one held, as before.
   */
  @IsOptional() @IsInt() @Min(1) connectionVersion?: number;
  @IsDefined() @ValidateNested() @Type(() => ConnectionSyncProgress) progress!: ConnectionSyncProgress;
  @IsISO8601() reportedAt!: string;
}

export const SyncProgressReportedV1 = defineEvent('sync.progress.reported', 1, SyncProgressReportedPayload);
