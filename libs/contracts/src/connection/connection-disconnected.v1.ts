import { defineEvent } from '../core/message-definition';
import { ConnectionChangedPayload } from './connection-changed';

/** C10: the connection ended for good; `reason` is the one given; S6 stops copying. */
export class ConnectionDisconnectedPayload extends ConnectionChangedPayload {}

export const ConnectionDisconnectedV1 = defineEvent('connection.disconnected', 1, ConnectionDisconnectedPayload);
