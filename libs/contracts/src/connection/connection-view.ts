import { Type } from 'class-transformer';
import { IsArray, IsDefined, IsIn, IsInt, IsISO8601, IsOptional, IsString, Min, ValidateNested } from 'class-validator';
import { CONNECTION_APPROVAL_MODES, ConnectionApprovalMode } from '../core/project-ref';

/** C7: what a connection can share; today only drawings. */
export const CONNECTION_FEATURES = ['drawings'] as const;
export type ConnectionFeature = (typeof CONNECTION_FEATURES)[number];

/**
 * `undone` (C14, downstream undo) is terminal like `rejected` and `cancelled`:
 * the connection no longer counts for C3/C11 and its project slots are free.
 */
export const CONNECTION_STATUSES = ['pending', 'active', 'rejected', 'cancelled', 'disconnected', 'undone'] as const;
export type ConnectionStatus = (typeof CONNECTION_STATUSES)[number];

export const CONNECTION_ROLES = ['upstream', 'downstream'] as const;
export type ConnectionRole = (typeof CONNECTION_ROLES)[number];

/** One end of a connection, with the names as the directory knew them when it was requested. */
export class ConnectionSide {
  @IsString() companyId!: string;
  @IsString() companyName!: string;
  @IsString() projectId!: string;
  @IsString() projectName!: string;
}

/**
 * The whole current state of a connection. Every connection event carries it
 * with its `version` (monotonic per connection), so consumers apply it only
 * when newer than what they hold. Times are ISO-8601; user fields are user ids.
 */
export class ConnectionView {
  @IsString() id!: string;
  @IsInt() @Min(1) version!: number;
  @IsIn(CONNECTION_STATUSES) status!: ConnectionStatus;
  @IsArray() @IsIn(CONNECTION_FEATURES, { each: true }) features!: ConnectionFeature[];
  @IsDefined() @ValidateNested() @Type(() => ConnectionSide) upstream!: ConnectionSide;
  @IsDefined() @ValidateNested() @Type(() => ConnectionSide) downstream!: ConnectionSide;
  /** The upstream company's C8 setting when the request was made. */
  @IsIn(CONNECTION_APPROVAL_MODES) approval!: ConnectionApprovalMode;
  @IsString() requestedBy!: string;
  @IsISO8601() requestedAt!: string;
  /** Who approved (manual approval) or rejected; null under automatic approval. */
  @IsOptional() @IsString() decidedBy!: string | null;
  @IsOptional() @IsISO8601() decidedAt!: string | null;
  @IsOptional() @IsString() rejectReason!: string | null;
  @IsOptional() @IsString() cancelledBy!: string | null;
  @IsOptional() @IsISO8601() cancelledAt!: string | null;
  @IsOptional() @IsString() disconnectedBy!: string | null;
  @IsOptional() @IsISO8601() disconnectedAt!: string | null;
  @IsOptional() @IsString() disconnectReason!: string | null;
  @IsOptional() @IsString() undoneBy!: string | null;
  @IsOptional() @IsISO8601() undoneAt!: string | null;
  /** C14: until when the downstream side may undo its request; null once that is no longer possible. */
  @IsOptional() @IsISO8601() undoableUntil!: string | null;
  /** C14: until when the upstream side may undo its manual approval; null when there is none to undo. */
  @IsOptional() @IsISO8601() approvalUndoableUntil!: string | null;
}

export const SYNC_STATES = ['copying', 'idle', 'stopped'] as const;
export type SyncState = (typeof SYNC_STATES)[number];

/** S8 sync progress of one connection, as sync-service last reported it. */
export class ConnectionSyncProgress {
  @IsIn(SYNC_STATES) state!: SyncState;
  @IsInt() @Min(0) revisionsTotal!: number;
  @IsInt() @Min(0) revisionsCopied!: number;
  @IsInt() @Min(0) revisionsPending!: number;
  @IsInt() @Min(0) revisionsFailed!: number;
  @IsOptional() @IsISO8601() lastSyncedAt!: string | null;
}

/** A connection as answered to the gateway: its state plus its sync progress (C12). */
export class ConnectionDetails extends ConnectionView {
  @IsDefined() @ValidateNested() @Type(() => ConnectionSyncProgress) sync!: ConnectionSyncProgress;
}

/** A connection in a project's list, seen from that project (C12). */
export class ConnectionListItem extends ConnectionDetails {
  @IsIn(CONNECTION_ROLES) role!: ConnectionRole;
}
