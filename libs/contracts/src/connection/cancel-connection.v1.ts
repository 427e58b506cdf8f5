import { defineCommand } from '../core/message-definition';
import { ConnectionCommand } from './connection-command';
import { ConnectionDetails } from './connection-view';

/** C8: the downstream side withdraws its pending request. */
export class CancelConnectionCommand extends ConnectionCommand {}

export const CancelConnectionV1 = defineCommand<CancelConnectionCommand, ConnectionDetails>('connection.cancel', 1, CancelConnectionCommand);
