import { Actor } from '@connect/contracts';
import { ChangeLog, ChangeRecord } from '@connect/persistence';
import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { Connection, ConnectionState, Transition, toView } from '../domain/connection';
import { CONNECTION_MODEL, ConnectionDocument } from './connection.schema';

const AGGREGATE = 'connection';

/** Where a page of the connection list starts: after this request time and id. */
export interface ListPosition {
  requestedAt: string;
  id: string;
}

const compareDesc = (a: string, b: string): number => (a < b ? 1 : a > b ? -1 : 0);

function fromDocument(doc: ConnectionDocument): Connection {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { _id, version, downstreamProjectId, upstreamProjectId, ...state } = doc;
  return { id: _id, version, state };
}

function toDocumentState(state: ConnectionState): Omit<ConnectionDocument, '_id' | 'version'> {
  return { ...state, downstreamProjectId: state.downstream.projectId, upstreamProjectId: state.upstream.projectId };
}

/**
 * Connections and their audit trail. Every change goes through ChangeLog:
 * the change record keyed by version is what makes a transition from a stale
 * version lose (CONCURRENT_MODIFICATION), and it carries the events.
 */
@Injectable()
export class ConnectionRepository {
  constructor(
    @InjectModel(CONNECTION_MODEL) private readonly model: Model<ConnectionDocument>,
    private readonly changeLog: ChangeLog,
  ) {
    changeLog.register(AGGREGATE, model as never);
  }

  async find(id: string): Promise<Connection | null> {
    const doc = await this.model.findById(id).lean<ConnectionDocument>();
    return doc ? fromDocument(doc) : null;
  }

  /**
   * Up to `limit` connections of a project, either side, newest request
   * first (`requestedAt`, then id, descending), after `after` (C12). Paged
   * in the database (issue 15, finding 8): one query per side, equality on
   * its indexed project field, the order, the position and the limit in the
   * query, so the service holds one page whatever the project's history.
   * (On FerretDB the order and limit run in its memory over that project's
   * connections; on MongoDB all of it is served by the database.) Undone
   * connections (C14) are left out.
   */
  async pageOfProject(projectId: string, limit: number, after: ListPosition | null): Promise<Connection[]> {
    const position = after ? { $or: [{ requestedAt: { $lt: after.requestedAt } }, { requestedAt: after.requestedAt, _id: { $lt: after.id } }] } : {};
    const side = (field: 'downstreamProjectId' | 'upstreamProjectId') =>
      this.model
        .find({ [field]: projectId, status: { $ne: 'undone' }, ...position })
        .sort({ requestedAt: -1, _id: -1 })
        .limit(limit)
        .lean<ConnectionDocument[]>()
        .exec();
    const [downstream, upstream] = await Promise.all([side('downstreamProjectId'), side('upstreamProjectId')]);
    return [...downstream, ...upstream]
      .sort((a, b) => compareDesc(a.requestedAt, b.requestedAt) || compareDesc(a._id, b._id))
      .slice(0, limit)
      .map(fromDocument);
  }

  /**
   * Records a transition of `connection` (version 0: a new one) made by
   * `actor` and publishes its events, each carrying the new state.
   */
  async commit(id: string, expectedVersion: number, transition: Transition, actor: Actor, previous: Connection | null): Promise<Connection> {
    const next: Connection = { id, version: expectedVersion + 1, state: transition.state };
    const payload = {
      connection: toView(next),
      actor: { userId: actor.userId, name: actor.name, email: actor.email },
      reason: transition.reason,
    };
    await this.changeLog.commit({
      aggregate: AGGREGATE,
      id,
      scope: transition.state.downstream.projectId,
      expectedVersion,
      state: toDocumentState(transition.state),
      kind: transition.kind,
      actorId: actor.userId,
      data: { from: previous?.state.status ?? null, to: transition.state.status, actorName: actor.name, reason: transition.reason },
      events: transition.events.map((definition) => ({ definition, payload })),
    });
    return next;
  }

  /** The audit trail, oldest first. */
  history(id: string): Promise<ChangeRecord[]> {
    return this.changeLog.history(AGGREGATE, id);
  }
}
