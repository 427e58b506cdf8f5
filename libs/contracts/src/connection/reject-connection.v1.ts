import { IsOptional, IsString, MaxLength } from 'class-validator';
import { defineCommand } from '../core/message-definition';
import { ConnectionCommand } from './connection-command';
import { ConnectionDetails } from './connection-view';

/** C8: an upstream Connection Manager admin rejects a pending request. */
export class RejectConnectionCommand extends ConnectionCommand {
  @IsOptional() @IsString() @MaxLength(2000) reason?: string;
}

export const RejectConnectionV1 = defineCommand<RejectConnectionCommand, ConnectionDetails>('connection.reject', 1, RejectConnectionCommand);
