import { IsBoolean, IsString, MaxLength } from 'class-validator';
import { defineCommand } from '../core/message-definition';
import { ConnectionCommand } from './connection-command';
import { ConnectionDetails } from './connection-view';

/**
 * C10: a Connection Manager admin of either project ends an active
 * connection for good (C11). Terms and reason are checked by the service,
 * so that a missing one is refused with its own code.
 */
export class DisconnectConnectionCommand extends ConnectionCommand {
  @IsBoolean() acceptTerms!: boolean;
  @IsString() @MaxLength(2000) reason!: string;
}

export const DisconnectConnectionV1 = defineCommand<DisconnectConnectionCommand, ConnectionDetails>('connection.disconnect', 1, DisconnectConnectionCommand);
