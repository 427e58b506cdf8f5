import { ConnectedCopyPruneV1, CopyRequestedV1, ListPublishedRevisionIdsV1, uuidFromKey } from '@connect/contracts';
import { MessageBus } from '@connect/messaging';
import { Injectable } from '@nestjs/common';
import { FollowedConnection } from '../engine/engine.schemas';
import { SyncTool } from '../engine/sync-tool';

export const DRAWINGS = 'drawings';

/** Where a connected copy comes from (D6 names the source project and company). */
export function sourceOf(connection: FollowedConnection) {
  return {
    connectionId: connection._id,
    projectId: connection.upstream.projectId,
    projectName: connection.upstream.projectName,
    companyName: connection.upstream.companyName,
  };
}

/** Drawings as a tool of the engine: items are published upstream revisions, copied inside drawing-service. */
@Injectable()
export class DrawingsTool implements SyncTool {
  readonly name = DRAWINGS;

  constructor(private readonly bus: MessageBus) {}

  async listUpstream(connection: FollowedConnection): Promise<string[]> {
    // 100,000 ids (C5) take a while to read and send: give the reply more time than a user's command.
    const { ids } = await this.bus.request(ListPublishedRevisionIdsV1, { projectId: connection.upstream.projectId }, { timeoutMs: 60_000 });
    return ids;
  }

  async removeExtra(connection: FollowedConnection, upstreamIds: string[]): Promise<void> {
    await this.bus.request(ConnectedCopyPruneV1, { projectId: connection.downstream.projectId, connectionId: connection._id, upstreamRevisionIds: upstreamIds }, { timeoutMs: 60_000 });
  }

  async requestCopy(connection: FollowedConnection, revisionId: string, batchId: string, repair: boolean, attempt = 0): Promise<void> {
    await this.bus.publish(
      CopyRequestedV1,
      { projectId: connection.downstream.projectId, source: sourceOf(connection), upstreamRevisionId: revisionId, batchId, repair },
      // A request asked again (attempt > 0) is a new message: the first may have been lost with a killed consumer.
      { id: uuidFromKey(`copy-request\u0000${batchId}\u0000${revisionId}${attempt ? `\u0000${attempt}` : ''}`) },
    );
  }
}
