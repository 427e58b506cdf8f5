import { Type } from 'class-transformer';
import { IsDefined, IsInt, IsOptional, IsString, Max, Min, ValidateNested } from 'class-validator';
import { Actor } from '../core/actor';
import { defineCommand } from '../core/message-definition';
import { MAX_PAGE_SIZE, Page } from '../core/page';
import { ConnectionListItem } from './connection-view';

/** C12: a project's connections from both sides, newest request first. */
export class ListConnectionsQuery {
  @IsDefined() @ValidateNested() @Type(() => Actor) actor!: Actor;
  @IsString() projectId!: string;
  @IsOptional() @IsInt() @Min(1) @Max(MAX_PAGE_SIZE) limit?: number;
  @IsOptional() @IsString() cursor?: string;
}

export const ListConnectionsV1 = defineCommand<ListConnectionsQuery, Page<ConnectionListItem>>('connection.list', 1, ListConnectionsQuery);
