import { COPY_REQUEST_MAX_ITEMS, ConnectedCopyPruneV1, CopiesRequestedV1, ListPublishedRevisionIdsV1, uuidFromKey } from '@connect/contracts';
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

  /** One request per COPY_REQUEST_MAX_ITEMS revisions: one message, one fence entry and shared reads in drawing-service (S9). */
  async requestCopies(connection: FollowedConnection, revisionIds: string[], batchId: string, repair: boolean, attempt = 0): Promise<void> {
    const requests: string[][] = [];
    for (let i = 0; i < revisionIds.length; i += COPY_REQUEST_MAX_ITEMS) requests.push(revisionIds.slice(i, i + COPY_REQUEST_MAX_ITEMS));
    await Promise.all(
      requests.map((upstreamRevisionIds) =>
        this.bus.publish(
          CopiesRequestedV1,
          { projectId: connection.downstream.projectId, source: sourceOf(connection), upstreamRevisionIds, batchId, repair },
          // A request asked again (attempt > 0) is a new message: the first may have been lost with a killed consumer.
          { id: uuidFromKey(`copies-request\u0000${batchId}\u0000${upstreamRevisionIds.join('\u0000')}${attempt ? `\u0000#${attempt}` : ''}`) },
        ),
      ),
    );
  }
}
