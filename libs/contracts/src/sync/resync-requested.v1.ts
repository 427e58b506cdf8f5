import { Type } from 'class-transformer';
import { IsDefined, ValidateNested } from 'class-validator';
import { ConnectionView } from '../connection/connection-view';
import { defineCommand } from '../core/message-definition';

export class ResyncConnectionPayload {
  /**
   * The connection as its owner (connection-service) answered the gateway: sync-service
   * follows it before it starts, so a resync asked for right after an approval is not
   * refused because the `established` event is still on its way.
   */
  @IsDefined() @ValidateNested() @Type(() => ConnectionView) connection!: ConnectionView;
}

/**
 * Repair: compare the downstream copies of an active connection with the
 * upstream register and repair missing, stale and extra copies. The gateway
 * checks who asks (CM admin of either side); sync-service starts the walk and
 * answers at once.
 */
export const ResyncConnectionV1 = defineCommand<ResyncConnectionPayload, { started: boolean }>('sync.connection.resync', 1, ResyncConnectionPayload);
