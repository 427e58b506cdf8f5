import { ConnectionChangedPayload, ConnectionDisconnectedV1, ConnectionEstablishedV1, ConnectionUndoneV1, DomainError } from '@connect/contracts';
import { HandleMessage } from '@connect/messaging';
import { applyIfNewer } from '@connect/persistence';
import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { CONNECTION_FENCE_MODEL, ConnectionFenceDocument } from './connection-fence.schema';
import { UnpublishedCopyRemoval } from './unpublished-copy-removal';

/** Not seen yet: the connection event is still on its way. Transient (a plain error), so the message is retried. */
export class ConnectionNotYetKnownError extends Error {}

/**
 * S6: follows the connection lifecycle itself and answers whether connected
 * copies of a connection may still be written. C14: a downstream undo removes
 * the unpublished copies the connection made.
 */
@Injectable()
export class ConnectionFence {
  constructor(
    @InjectModel(CONNECTION_FENCE_MODEL) private readonly fences: Model<ConnectionFenceDocument>,
    private readonly removal: UnpublishedCopyRemoval,
  ) {}

  @HandleMessage(ConnectionEstablishedV1)
  async onEstablished(e: ConnectionChangedPayload): Promise<void> {
    await this.follow(e);
  }

  @HandleMessage(ConnectionDisconnectedV1)
  async onDisconnected(e: ConnectionChangedPayload): Promise<void> {
    await this.follow(e);
  }

  @HandleMessage(ConnectionUndoneV1)
  async onUndone(e: ConnectionChangedPayload): Promise<void> {
    await this.follow(e);
    if (e.connection.status === 'undone') await this.removal.removeAll(e.connection.downstream.projectId, e.connection.id);
  }

  /** Throws CONNECTION_NOT_ACTIVE once the connection stopped; a transient error while it is not known yet. */
  async requireActive(connectionId: string): Promise<void> {
    const fence = await this.fences.findById(connectionId).lean<ConnectionFenceDocument>();
    if (!fence) throw new ConnectionNotYetKnownError(`connection ${connectionId} not seen yet`);
    if (fence.status !== 'active')
      throw new DomainError('CONNECTION_NOT_ACTIVE', `connection ${connectionId} is ${fence.status}: its copies are no longer written`);
  }

  async status(connectionId: string): Promise<ConnectionFenceDocument['status'] | null> {
    return (await this.fences.findById(connectionId).lean<ConnectionFenceDocument>())?.status ?? null;
  }

  private async follow(e: ConnectionChangedPayload): Promise<void> {
    const c = e.connection;
    await applyIfNewer(this.fences, { _id: c.id, version: c.version, status: c.status, downstreamProjectId: c.downstream.projectId });
  }
}
