import { CONNECTION_APPROVAL_MODES, CONNECTION_FEATURES, CONNECTION_ROLES, CONNECTION_STATUSES, SYNC_STATES } from '@connect/contracts';
import { ApiProperty } from '@nestjs/swagger';

const nullableString = (description: string) => ({ type: String, nullable: true, description });
const nullableTime = (description: string) => ({ type: String, format: 'date-time', nullable: true, description });

export class ConnectionSideDto {
  @ApiProperty() companyId!: string;
  @ApiProperty() companyName!: string;
  @ApiProperty() projectId!: string;
  @ApiProperty() projectName!: string;
}

export class ConnectionSyncDto {
  @ApiProperty({ enum: SYNC_STATES }) state!: string;
  @ApiProperty() revisionsTotal!: number;
  @ApiProperty() revisionsCopied!: number;
  @ApiProperty() revisionsPending!: number;
  @ApiProperty() revisionsFailed!: number;
  @ApiProperty(nullableTime('When the last copy or update reached the downstream project')) lastSyncedAt!: string | null;
}

export class ConnectionDto {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: CONNECTION_STATUSES, description: '`undone`: removed by the downstream side with quick undo (C14)' }) status!: string;
  @ApiProperty({ enum: CONNECTION_FEATURES, isArray: true }) features!: string[];
  @ApiProperty({ type: ConnectionSideDto }) upstream!: ConnectionSideDto;
  @ApiProperty({ type: ConnectionSideDto }) downstream!: ConnectionSideDto;
  @ApiProperty({ enum: CONNECTION_APPROVAL_MODES, description: "The upstream company's approval setting when the request was made (C8)" }) approval!: string;
  @ApiProperty({ description: 'User id of the requester' }) requestedBy!: string;
  @ApiProperty({ format: 'date-time' }) requestedAt!: string;
  @ApiProperty(nullableString('User id of who approved (manual approval) or rejected')) decidedBy!: string | null;
  @ApiProperty(nullableTime('When the connection was approved (or became active automatically) or was rejected')) decidedAt!: string | null;
  @ApiProperty(nullableString('Reason given with a rejection')) rejectReason!: string | null;
  @ApiProperty(nullableString('User id of who cancelled the request')) cancelledBy!: string | null;
  @ApiProperty(nullableTime('When the request was cancelled')) cancelledAt!: string | null;
  @ApiProperty(nullableString('User id of who disconnected')) disconnectedBy!: string | null;
  @ApiProperty(nullableTime('When the connection was disconnected')) disconnectedAt!: string | null;
  @ApiProperty(nullableString('Reason given with the disconnection')) disconnectReason!: string | null;
  @ApiProperty(nullableString('User id of who last used quick undo')) undoneBy!: string | null;
  @ApiProperty(nullableTime('When quick undo was last used')) undoneAt!: string | null;
  @ApiProperty(nullableTime('Until when the downstream side can undo its request (C14)')) undoableUntil!: string | null;
  @ApiProperty(nullableTime('Until when the upstream side can undo its manual approval (C14)')) approvalUndoableUntil!: string | null;
  @ApiProperty({ description: 'Increases with every change of the connection' }) version!: number;
  @ApiProperty({ type: ConnectionSyncDto }) sync!: ConnectionSyncDto;
}

export class ConnectionListItemDto extends ConnectionDto {
  @ApiProperty({ enum: CONNECTION_ROLES, description: 'The side the listed project is on' }) role!: string;
}

export class ConnectionPageDto {
  @ApiProperty({ type: [ConnectionListItemDto] }) items!: ConnectionListItemDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

export class ConnectionAuditEntryDto {
  @ApiProperty({ description: 'Version of the connection this change produced' }) version!: number;
  @ApiProperty({ enum: ['requested', 'approved', 'rejected', 'cancelled', 'disconnected', 'undone', 'approval-undone'] }) kind!: string;
  @ApiProperty({ type: String, nullable: true, description: 'User id of who acted' }) actorId!: string | null;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: '`from` and `to` status, `actorName`, and `reason` where one was given',
  })
  data!: Record<string, unknown>;
}

export class ConnectionAuditPageDto {
  @ApiProperty({ type: [ConnectionAuditEntryDto] }) items!: ConnectionAuditEntryDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

export class ResyncStartedDto {
  @ApiProperty() connectionId!: string;
  @ApiProperty({ description: 'True: the comparison with the upstream register and the repair are under way' }) started!: boolean;
}
