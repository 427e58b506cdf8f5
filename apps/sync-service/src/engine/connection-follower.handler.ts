import {
  ConnectionChangedPayload,
  ConnectionDisconnectedV1,
  ConnectionEstablishedV1,
  ConnectionUndoneV1,
  ConnectionView,
  DomainError,
  ResyncConnectionPayload,
  ResyncConnectionV1,
  SyncProgressReportedV1,
} from '@connect/contracts';
import { HandleMessage, MessageBus } from '@connect/messaging';
import { applyIfNewer } from '@connect/persistence';
import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { ConnectionOwner, progressOf } from './connection-owner';
import { FollowedConnection, MODELS } from './engine.schemas';
import { Ledger } from './ledger';

/**
 * Follows the connection lifecycle (apply if newer by the connection's
 * version, so reordered or repeated events end in the latest state): an
 * active connection is served by its owner (S1), a disconnected or undone
 * one is stopped (S6) and reported so (S8).
 */
@Injectable()
export class ConnectionFollowerHandler {
  constructor(
    @InjectModel(MODELS.connection) private readonly followed: Model<FollowedConnection>,
    private readonly owner: ConnectionOwner,
    private readonly ledger: Ledger,
    private readonly bus: MessageBus,
  ) {}

  @HandleMessage(ConnectionEstablishedV1)
  async onEstablished(event: ConnectionChangedPayload): Promise<void> {
    await this.follow(event.connection);
    // Approved again after an upstream undo of the approval (C14): what was published meanwhile was never asked for.
    const current = await this.followed.findById(event.connection.id).lean<FollowedConnection>();
    if (current?.status === 'active') await this.owner.activated(event.connection.id, event.connection.version);
  }

  @HandleMessage(ConnectionDisconnectedV1)
  async onDisconnected(event: ConnectionChangedPayload): Promise<void> {
    await this.follow(event.connection);
  }

  @HandleMessage(ConnectionUndoneV1)
  async onUndone(event: ConnectionChangedPayload): Promise<void> {
    // A downstream undo ends the connection; an upstream undo puts it back to pending: copying stops until approved again.
    await this.follow(event.connection);
  }

  /** Repair on request (the gateway checked who asks): a new walk that also fixes copies that differ. */
  @HandleMessage(ResyncConnectionV1)
  async resync(p: ResyncConnectionPayload): Promise<{ started: boolean }> {
    const id = p.connection.id;
    await this.follow(p.connection);
    const connection = await this.followed.findById(id).lean<FollowedConnection>();
    if (connection?.status !== 'active') throw new DomainError('CONNECTION_INVALID_STATE', `connection ${id} is not active`);
    await this.owner.resync(id);
    return { started: true };
  }

  private async follow(c: ConnectionView): Promise<void> {
    const status: FollowedConnection['status'] = c.status === 'active' ? 'active' : 'stopped';
    await applyIfNewer<FollowedConnection>(this.followed, {
      _id: c.id,
      version: c.version,
      upstreamProjectId: c.upstream.projectId,
      downstreamProjectId: c.downstream.projectId,
      upstream: c.upstream,
      downstream: c.downstream,
      status,
    });
    const current = await this.followed.findById(c.id).lean<FollowedConnection>();
    if (current?.status === 'active') {
      await this.owner.kick(c.id);
      return;
    }
    const now = new Date().toISOString();
    const progress = progressOf(await this.ledger.counts(c.id), 0, false, 'stopped');
    // Stamped with the version it stops at (S8): a report an owner makes later from the active state it read before loses to it.
    await this.bus.publish(SyncProgressReportedV1, { connectionId: c.id, connectionVersion: current?.version ?? c.version, progress: { ...progress, lastSyncedAt: now }, reportedAt: now });
  }
}
