import { defineEvent } from '../core/message-definition';
import { Type } from 'class-transformer';
import { IsDefined, IsISO8601, IsString, ValidateNested } from 'class-validator';
import { ConnectionSyncProgress } from '../connection/connection-view';

/**
 * S8: sync-service's latest view of one connection's progress. Reports are
 * whole snapshots; consumers keep the one with the latest `reportedAt`, so
 * redelivered or reordered reports converge.
 */
export class SyncProgressReportedPayload {
  @IsString() connectionId!: string;
  @IsDefined() @ValidateNested() @Type(() => ConnectionSyncProgress) progress!: ConnectionSyncProgress;
  @IsISO8601() reportedAt!: string;
}

export const SyncProgressReportedV1 = defineEvent('sync.progress.reported', 1, SyncProgressReportedPayload);
