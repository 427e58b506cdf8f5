import { defineCommand } from '../core/message-definition';
import { ConnectionCommand } from './connection-command';
import { ConnectionDetails } from './connection-view';

/** One connection, for a member of either of its projects (others get CONNECTION_NOT_FOUND). */
export class GetConnectionQuery extends ConnectionCommand {}

export const GetConnectionV1 = defineCommand<GetConnectionQuery, ConnectionDetails>('connection.get', 1, GetConnectionQuery);
