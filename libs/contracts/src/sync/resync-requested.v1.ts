import { IsString } from 'class-validator';
import { defineCommand } from '../core/message-definition';

export class ResyncConnectionPayload {
  @IsString() connectionId!: string;
}

/**
 * Repair: compare the downstream copies of an active connection with the
 * upstream register and repair missing, stale and extra copies. The gateway
 * checks who asks (CM admin of either side); sync-service starts the walk and
 * answers at once.
 */
export const ResyncConnectionV1 = defineCommand<ResyncConnectionPayload, { started: boolean }>('sync.connection.resync', 1, ResyncConnectionPayload);
