import { defineEvent } from '../core/message-definition';
import { ConnectionChangedPayload } from './connection-changed';

/** C9: a downstream project asked to connect; published whatever the approval mode (N2 tells the upstream list under manual approval). */
export class ConnectionRequestedPayload extends ConnectionChangedPayload {}

export const ConnectionRequestedV1 = defineEvent('connection.requested', 1, ConnectionRequestedPayload);
