import { ConnectionDetails, RequestConnectionCommand, RequestConnectionV1 } from '@connect/contracts';
import { HandleMessage } from '@connect/messaging';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { request, toView } from '../domain/connection';
import { checkRequest } from '../domain/request-rules';
import { ConnectionRepository } from '../infrastructure/connection.repository';
import { RevisionLimit } from '../infrastructure/revision-limit';
import { NO_SYNC_YET } from '../infrastructure/sync-progress.repository';
import { ConnectionLifecycle } from './connection-lifecycle.service';
import { ProjectClaims } from './project-claims.service';

/**
 * C1–C9, C11, C13: the rules judged on the command first (cheap, no writes),
 * then C5 with drawing-service's counts, then the project claims, which
 * decide races; only then is the connection written and announced.
 */
@Injectable()
export class RequestConnectionHandler {
  constructor(
    private readonly lifecycle: ConnectionLifecycle,
    private readonly connections: ConnectionRepository,
    private readonly claims: ProjectClaims,
    private readonly revisions: RevisionLimit,
  ) {}

  @HandleMessage(RequestConnectionV1)
  async handle(command: RequestConnectionCommand): Promise<ConnectionDetails> {
    const features = checkRequest(command);
    await this.revisions.check(command.downstream, command.upstream);
    const timing = this.lifecycle.timing();
    const transition = request(command, features, timing);
    const id = randomUUID();
    await this.claims.take(id, transition.state.downstream, transition.state.upstream, timing.now);
    let connection;
    try {
      connection = await this.connections.commit(id, 0, transition, command.actor, null);
    } catch (err) {
      // Only a connection that was never written gives its claims back.
      await this.claims.release(id, command.downstream.projectId, command.upstream.projectId);
      throw err;
    }
    // A new connection has no sync report yet.
    return { ...toView(connection), sync: NO_SYNC_YET };
  }
}
