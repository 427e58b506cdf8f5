import { defineEvent } from '../core/message-definition';
import { ConnectionChangedPayload } from './connection-changed';

/** C8: the downstream side withdrew its pending request. */
export class ConnectionCancelledPayload extends ConnectionChangedPayload {}

export const ConnectionCancelledV1 = defineEvent('connection.cancelled', 1, ConnectionCancelledPayload);
