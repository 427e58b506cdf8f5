import { IsInt, IsISO8601, IsObject, IsOptional, IsString, Max, Min } from 'class-validator';
import { defineCommand } from '../core/message-definition';
import { MAX_PAGE_SIZE, Page } from '../core/page';
import { ConnectionCommand } from './connection-command';

/** One decision in a connection's audit trail. */
export class ConnectionAuditEntry {
  @IsInt() @Min(1) version!: number;
  /** `requested`, `approved`, `rejected`, `cancelled`, `disconnected`, `undone`, `approval-undone`. */
  @IsString() kind!: string;
  @IsOptional() @IsString() actorId!: string | null;
  @IsISO8601() at!: string;
  /** Status before and after, the actor's name, and the reason where there is one. */
  @IsObject() data!: Record<string, unknown>;
}

/** The audit trail of one connection, oldest first, for a member of either project. */
export class ListConnectionEventsQuery extends ConnectionCommand {
  @IsOptional() @IsInt() @Min(1) @Max(MAX_PAGE_SIZE) limit?: number;
  @IsOptional() @IsString() cursor?: string;
}

export const ListConnectionEventsV1 = defineCommand<ListConnectionEventsQuery, Page<ConnectionAuditEntry>>('connection.events.list', 1, ListConnectionEventsQuery);
