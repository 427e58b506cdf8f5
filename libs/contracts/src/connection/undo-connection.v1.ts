import { defineCommand } from '../core/message-definition';
import { ConnectionCommand } from './connection-command';
import { ConnectionDetails } from './connection-view';

/** C14: quick undo of a request (downstream) or of a manual approval (upstream). */
export class UndoConnectionCommand extends ConnectionCommand {}

export const UndoConnectionV1 = defineCommand<UndoConnectionCommand, ConnectionDetails>('connection.undo', 1, UndoConnectionCommand);
