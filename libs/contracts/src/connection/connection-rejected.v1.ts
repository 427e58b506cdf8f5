import { defineEvent } from '../core/message-definition';
import { ConnectionChangedPayload } from './connection-changed';

/** C8: an upstream admin rejected the request; `reason` is theirs, if given. */
export class ConnectionRejectedPayload extends ConnectionChangedPayload {}

export const ConnectionRejectedV1 = defineEvent('connection.rejected', 1, ConnectionRejectedPayload);
