import {
  AreaUpdatedPayload,
  AreaUpdatedV1,
  ConnectedCopyDeleteV1,
  ConnectedCopiesSettledPayload,
  ConnectedCopiesSettledV1,
  ConnectedCopyUpsertPayload,
  ConnectedCopyUpsertV1,
  DisciplineUpdatedPayload,
  DisciplineUpdatedV1,
  DomainError,
  DrawingDeletedPayload,
  DrawingDeletedV1,
  DrawingUpdatedPayload,
  DrawingUpdatedV1,
  MessageEnvelope,
  RevisionUpdatedPayload,
  RevisionUpdatedV1,
  RevisionsPublishedPayload,
  RevisionsPublishedV1,
  SetUpdatedPayload,
  SetUpdatedV1,
} from '@connect/contracts';
import { HandleMessage, MessageBus } from '@connect/messaging';
import { Injectable, Logger } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { ConnectionOwner } from '../engine/connection-owner';
import { FollowedConnection, MODELS } from '../engine/engine.schemas';
import { Ledger } from '../engine/ledger';
import { DRAWINGS, DrawingsTool, sourceOf } from './drawings.tool';

/**
 * Follows the upstream drawing registers (S2–S4) and fans each change out to
 * every active connection of that upstream, in parallel. Publishes become
 * copy requests (one batch per publish, N2, carried by one request); metadata changes and deletions
 * are applied by drawing-service's connected-copy commands, which keep
 * versions (older never overwrites newer) and tombstones (a deleted drawing
 * never comes back).
 */
@Injectable()
export class UpstreamEventsHandler {
  private readonly logger = new Logger(UpstreamEventsHandler.name);

  constructor(
    @InjectModel(MODELS.connection) private readonly connections: Model<FollowedConnection>,
    private readonly ledger: Ledger,
    private readonly tool: DrawingsTool,
    private readonly bus: MessageBus,
    private readonly owner: ConnectionOwner,
  ) {}

  @HandleMessage(RevisionsPublishedV1)
  async onPublished(p: RevisionsPublishedPayload, envelope: MessageEnvelope): Promise<void> {
    await this.fanOut(p.projectId, async (c) => {
      const batchId = `${c._id}:${p.publishId ?? envelope.id}`;
      const ids = p.items.map((i) => i.revision.id);
      await this.ledger.openBatch(c._id, DRAWINGS, batchId, 'publish', p.publishCount ?? ids.length);
      await this.ledger.addPending(c._id, DRAWINGS, batchId, ids, true);
      await this.tool.requestCopies(c, ids, batchId, false);
    });
  }

  @HandleMessage(ConnectedCopiesSettledV1)
  async onSettled(p: ConnectedCopiesSettledPayload): Promise<void> {
    const connection = await this.connections.findById(p.connectionId).lean<FollowedConnection>();
    if (!connection) return;
    await this.ledger.settle(
      connection,
      DRAWINGS,
      p.batchId,
      p.items.map((i) => ({ itemId: i.upstreamRevisionId, state: i.outcome, label: i.drawingNumber, code: i.code })),
    );
    // S8: a copy in flight at the stop settles after the stop was reported.
    if (connection.status === 'stopped') await this.owner.reportStopped(connection._id);
  }

  @HandleMessage(DrawingUpdatedV1)
  async onDrawingUpdated(p: DrawingUpdatedPayload): Promise<void> {
    await this.upsert(p.projectId, { drawing: p.drawing, area: p.area, discipline: p.discipline });
  }

  @HandleMessage(RevisionUpdatedV1)
  async onRevisionUpdated(p: RevisionUpdatedPayload): Promise<void> {
    await this.upsert(p.projectId, { revision: p.revision, set: p.set ?? undefined });
  }

  @HandleMessage(AreaUpdatedV1)
  async onAreaUpdated(p: AreaUpdatedPayload): Promise<void> {
    await this.upsert(p.projectId, { area: p.area });
  }

  @HandleMessage(DisciplineUpdatedV1)
  async onDisciplineUpdated(p: DisciplineUpdatedPayload): Promise<void> {
    await this.upsert(p.projectId, { discipline: p.discipline });
  }

  @HandleMessage(SetUpdatedV1)
  async onSetUpdated(p: SetUpdatedPayload): Promise<void> {
    await this.upsert(p.projectId, { set: p.set });
  }

  /** S4: the downstream drawing goes, reported "deleted upstream"; downstream areas stay. */
  @HandleMessage(DrawingDeletedV1)
  async onDrawingDeleted(p: DrawingDeletedPayload): Promise<void> {
    await this.fanOut(p.projectId, async (c) => {
      await this.refusalTolerant(c, () =>
        this.bus.request(ConnectedCopyDeleteV1, {
          projectId: c.downstream.projectId,
          connectionId: c._id,
          upstreamDrawingId: p.drawingId,
          reason: 'deleted upstream',
        }),
      );
      await this.ledger.drop(c._id, DRAWINGS, p.revisionIds);
    });
  }

  /** S3: the change's full state with its version, applied downstream only if newer (published or unpublished copies alike). */
  private async upsert(upstreamProjectId: string, parts: Omit<ConnectedCopyUpsertPayload, 'projectId' | 'source'>): Promise<void> {
    await this.fanOut(upstreamProjectId, (c) =>
      this.refusalTolerant(c, () => this.bus.request(ConnectedCopyUpsertV1, { projectId: c.downstream.projectId, source: sourceOf(c), ...parts })),
    );
  }

  private async fanOut(upstreamProjectId: string, each: (c: FollowedConnection) => Promise<unknown>): Promise<void> {
    const active = await this.connections.find({ upstreamProjectId, status: 'active' }).lean<FollowedConnection[]>();
    await Promise.all(active.map(each));
  }

  /**
   * A refusal of one connection's write must not hold back the others (or be
   * retried for ever): a stopped connection (S6) is meant to change no more,
   * a number taken downstream stays as the copy was. Transient failures throw: retried.
   */
  private async refusalTolerant(c: FollowedConnection, write: () => Promise<unknown>): Promise<void> {
    try {
      await write();
    } catch (err) {
      if (!(err instanceof DomainError) || ['SERVICE_UNAVAILABLE', 'INTERNAL_ERROR', 'CONCURRENT_MODIFICATION'].includes(err.code)) throw err;
      this.logger.warn(`connection ${c._id}: ${err.code} ${err.message}`);
    }
  }
}
