import { defineEvent } from '../core/message-definition';
import { ConnectionChangedPayload } from './connection-changed';

/** C14: quick undo. `connection.status` tells which: `undone` (downstream undid its request; an active connection's copies are removed) or `pending` (upstream undid its approval). */
export class ConnectionUndonePayload extends ConnectionChangedPayload {}

export const ConnectionUndoneV1 = defineEvent('connection.undone', 1, ConnectionUndonePayload);
