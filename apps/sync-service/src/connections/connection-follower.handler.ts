import { ConnectionChangedPayload, ConnectionDisconnectedV1, ConnectionEstablishedV1, ConnectionUndoneV1, SyncProgressReportedV1 } from '@connect/contracts';
import { HandleMessage, MessageBus } from '@connect/messaging';
import { applyIfNewer } from '@connect/persistence';
import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { FOLLOWED_CONNECTION_MODEL, FollowedConnection } from './followed-connection.schema';

/**
 * Follows the connection lifecycle: an active connection is followed, a
 * disconnected or undone one is stopped (S6), and each change is reported as
 * sync progress (S8). Copying itself (S1–S5) builds on this record.
 */
@Injectable()
export class ConnectionFollowerHandler {
  constructor(
    @InjectModel(FOLLOWED_CONNECTION_MODEL) private readonly followed: Model<FollowedConnection>,
    private readonly bus: MessageBus,
  ) {}

  @HandleMessage(ConnectionEstablishedV1)
  async onEstablished(event: ConnectionChangedPayload): Promise<void> {
    await this.follow(event, 'active');
  }

  @HandleMessage(ConnectionDisconnectedV1)
  async onDisconnected(event: ConnectionChangedPayload): Promise<void> {
    await this.follow(event, 'stopped');
  }

  @HandleMessage(ConnectionUndoneV1)
  async onUndone(event: ConnectionChangedPayload): Promise<void> {
    // An upstream undo puts the connection back to pending: copying stops until it is approved again.
    await this.follow(event, event.connection.status === 'active' ? 'active' : 'stopped');
  }

  private async follow(event: ConnectionChangedPayload, status: FollowedConnection['status']): Promise<void> {
    const c = event.connection;
    const record: FollowedConnection = {
      _id: c.id,
      upstreamProjectId: c.upstream.projectId,
      downstreamProjectId: c.downstream.projectId,
      status,
      version: c.version,
    };
    // Apply only if newer: events may arrive reordered, twice, or at once (S6).
    const current = (await applyIfNewer(this.followed, record)) === 'applied' ? record : await this.followed.findById(c.id).lean<FollowedConnection>();
    if (!current) return;
    await this.bus.publish(SyncProgressReportedV1, {
      connectionId: c.id,
      progress: {
        state: current.status === 'active' ? 'idle' : 'stopped',
        revisionsTotal: 0,
        revisionsCopied: 0,
        revisionsPending: 0,
        revisionsFailed: 0,
        lastSyncedAt: new Date().toISOString(),
      },
      reportedAt: new Date().toISOString(),
    });
  }
}
