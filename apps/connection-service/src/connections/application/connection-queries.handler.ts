import {
  ConnectionAuditEntry,
  ConnectionDetails,
  ConnectionListItem,
  DomainError,
  GetConnectionQuery,
  GetConnectionV1,
  ListConnectionEventsQuery,
  ListConnectionEventsV1,
  ListConnectionsQuery,
  ListConnectionsV1,
  Page,
} from '@connect/contracts';
import { HandleMessage } from '@connect/messaging';
import { Injectable } from '@nestjs/common';
import { roleOf, toView } from '../domain/connection';
import { DEFAULT_PAGE_SIZE, decodeListPosition, encodeListPosition, pageOf } from '../domain/paging';
import { isMemberOf } from '../domain/permissions';
import { ConnectionRepository } from '../infrastructure/connection.repository';
import { SyncProgressRepository, shownProgress } from '../infrastructure/sync-progress.repository';
import { ConnectionLifecycle } from './connection-lifecycle.service';

/** C12 and the audit trail: what members of either project may read. */
@Injectable()
export class ConnectionQueriesHandler {
  constructor(
    private readonly lifecycle: ConnectionLifecycle,
    private readonly connections: ConnectionRepository,
    private readonly syncProgress: SyncProgressRepository,
  ) {}

  @HandleMessage(GetConnectionV1)
  async get(query: GetConnectionQuery): Promise<ConnectionDetails> {
    return this.lifecycle.details(await this.lifecycle.visible(query.connectionId, query.actor));
  }

  /**
   * Newest request first, from both sides. Undone connections (C14) are
   * left out: undo removes a connection made by mistake; it stays readable
   * by id with its audit trail.
   */
  @HandleMessage(ListConnectionsV1)
  async list(query: ListConnectionsQuery): Promise<Page<ConnectionListItem>> {
    if (!isMemberOf(query.actor, query.projectId)) throw new DomainError('PROJECT_NOT_FOUND', `Project ${query.projectId} not found`);
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const after = query.cursor === undefined ? null : decodeListPosition(query.cursor);
    const rows = await this.connections.pageOfProject(query.projectId, limit + 1, after);
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    const page = { items, nextCursor: rows.length > limit ? encodeListPosition({ requestedAt: last.state.requestedAt, id: last.id }) : null };
    const progress = await this.syncProgress.of(page.items.map((c) => c.id));
    return {
      items: page.items.map((c, i) => ({ ...toView(c), sync: shownProgress(c.state.status, progress[i]), role: roleOf(c, query.projectId) })),
      nextCursor: page.nextCursor,
    };
  }

  @HandleMessage(ListConnectionEventsV1)
  async events(query: ListConnectionEventsQuery): Promise<Page<ConnectionAuditEntry>> {
    await this.lifecycle.visible(query.connectionId, query.actor);
    const records = await this.connections.history(query.connectionId);
    const page = pageOf(records, (r) => String(r.entityVersion).padStart(12, '0'), 'asc', query);
    return {
      items: page.items.map((r) => ({ version: r.entityVersion, kind: r.kind, actorId: r.actorId, at: new Date(r.at).toISOString(), data: r.data })),
      nextCursor: page.nextCursor,
    };
  }
}
