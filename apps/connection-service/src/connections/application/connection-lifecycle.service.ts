import { Actor, ConnectionDetails } from '@connect/contracts';
import { Injectable } from '@nestjs/common';
import { ConnectionServiceConfig } from '../../config';
import { Clock } from '../domain/clock';
import { Connection, Timing, Transition, assertVisibleTo, connectionNotFound, toView } from '../domain/connection';
import { ConnectionRepository } from '../infrastructure/connection.repository';
import { SyncProgressRepository, shownProgress } from '../infrastructure/sync-progress.repository';
import { ProjectClaims } from './project-claims.service';

/** Runs one rule-checked change of an existing connection: load, decide, commit, tidy the claims. */
@Injectable()
export class ConnectionLifecycle {
  constructor(
    private readonly connections: ConnectionRepository,
    private readonly claims: ProjectClaims,
    private readonly syncProgress: SyncProgressRepository,
    private readonly clock: Clock,
    private readonly config: ConnectionServiceConfig,
  ) {}

  timing(): Timing {
    return { now: this.clock.now(), undoWindowMs: this.config.CONNECTION_UNDO_WINDOW_SECONDS * 1000 };
  }

  /** The connection as `actor` may see it, or CONNECTION_NOT_FOUND. */
  async visible(connectionId: string, actor: Actor): Promise<Connection> {
    const connection = await this.connections.find(connectionId);
    if (!connection) throw connectionNotFound(connectionId);
    assertVisibleTo(connection, actor);
    return connection;
  }

  /**
   * `decide` applies the rules and throws a DomainError to refuse. The commit
   * is conditional on the version read, so of two concurrent changes one
   * gets CONCURRENT_MODIFICATION.
   */
  async change(connectionId: string, actor: Actor, decide: (connection: Connection, timing: Timing) => Transition | Promise<Transition>): Promise<ConnectionDetails> {
    const current = await this.visible(connectionId, actor);
    const transition = await decide(current, this.timing());
    const next = await this.connections.commit(current.id, current.version, transition, actor, current);
    await this.claims.settle(next, transition.claims);
    return this.details(next);
  }

  async details(connection: Connection): Promise<ConnectionDetails> {
    const [sync] = await this.syncProgress.of([connection.id]);
    return { ...toView(connection), sync: shownProgress(connection.state.status, sync) };
  }
}
