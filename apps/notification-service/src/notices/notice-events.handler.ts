import {
  ConnectionCancelledV1,
  ConnectionChangedPayload,
  ConnectionDisconnectedV1,
  ConnectionEstablishedV1,
  ConnectionRejectedV1,
  ConnectionRequestedV1,
  ConnectionUndoneV1,
  CopyFinishedV1,
  MessageEnvelope,
  NotificationKind,
  RevisionsReadyV1,
  SyncBatchPayload,
} from '@connect/contracts';
import { HandleMessage } from '@connect/messaging';
import { Injectable } from '@nestjs/common';
import { NoticesService } from './notices.service';

/** N2: the events people are told about, each turned into one notice. */
@Injectable()
export class NoticeEventsHandler {
  constructor(private readonly notices: NoticesService) {}

  @HandleMessage(ConnectionRequestedV1)
  async requested(p: ConnectionChangedPayload, e: MessageEnvelope): Promise<void> {
    // Under automatic approval the request is established at once: that is the notice (N2).
    if (p.connection.approval !== 'manual') return;
    await this.connection('connection.requested', p, e);
  }

  @HandleMessage(ConnectionEstablishedV1)
  established(p: ConnectionChangedPayload, e: MessageEnvelope): Promise<void> {
    return this.connection('connection.established', p, e);
  }

  @HandleMessage(ConnectionRejectedV1)
  rejected(p: ConnectionChangedPayload, e: MessageEnvelope): Promise<void> {
    return this.connection('connection.rejected', p, e);
  }

  @HandleMessage(ConnectionCancelledV1)
  cancelled(p: ConnectionChangedPayload, e: MessageEnvelope): Promise<void> {
    return this.connection('connection.cancelled', p, e);
  }

  @HandleMessage(ConnectionDisconnectedV1)
  disconnected(p: ConnectionChangedPayload, e: MessageEnvelope): Promise<void> {
    return this.connection('connection.disconnected', p, e);
  }

  @HandleMessage(ConnectionUndoneV1)
  undone(p: ConnectionChangedPayload, e: MessageEnvelope): Promise<void> {
    return this.connection('connection.undone', p, e);
  }

  @HandleMessage(RevisionsReadyV1)
  revisionsReady(p: SyncBatchPayload): Promise<void> {
    return this.batch('sync.revisions.ready', p);
  }

  @HandleMessage(CopyFinishedV1)
  copyFinished(p: SyncBatchPayload): Promise<void> {
    return this.batch('sync.copy.finished', p);
  }

  private connection(kind: NotificationKind, { connection: c, actor, reason }: ConnectionChangedPayload, e: MessageEnvelope): Promise<void> {
    return this.notices.record({
      kind,
      // The connection's version names the transition: a re-published event is the same notice.
      key: `${kind}:${c.id}:${c.version}`,
      upstreamProjectId: c.upstream.projectId,
      downstreamProjectId: c.downstream.projectId,
      context: { upstream: c.upstream, downstream: c.downstream, actor, reason: reason ?? null, approved: c.approval === 'manual' },
      occurredAt: Number.isNaN(Date.parse(e.occurredAt)) ? new Date() : new Date(e.occurredAt),
    });
  }

  private batch(kind: NotificationKind, p: SyncBatchPayload): Promise<void> {
    return this.notices.record({
      kind,
      key: `${kind}:${p.batchId}`,
      upstreamProjectId: p.upstream.projectId,
      downstreamProjectId: p.downstream.projectId,
      context: { upstream: p.upstream, downstream: p.downstream, count: p.count, drawingNumbers: p.drawingNumbers, initial: p.kind === 'initial' },
      occurredAt: new Date(p.at),
    });
  }
}
