import { defineCommand } from '../core/message-definition';
import { ConnectionCommand } from './connection-command';
import { ConnectionDetails } from './connection-view';

/** C8: an upstream Connection Manager admin approves a pending request (C5 re-checked). */
export class ApproveConnectionCommand extends ConnectionCommand {}

export const ApproveConnectionV1 = defineCommand<ApproveConnectionCommand, ConnectionDetails>('connection.approve', 1, ApproveConnectionCommand);
