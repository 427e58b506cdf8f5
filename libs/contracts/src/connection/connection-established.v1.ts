import { defineEvent } from '../core/message-definition';
import { ConnectionChangedPayload } from './connection-changed';

/** C8: the connection became active (automatic approval, or an upstream admin approved it); S1 starts copying. */
export class ConnectionEstablishedPayload extends ConnectionChangedPayload {}

export const ConnectionEstablishedV1 = defineEvent('connection.established', 1, ConnectionEstablishedPayload);
