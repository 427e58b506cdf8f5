import { ConnectionSide } from '@connect/contracts';
import { Injectable, Logger } from '@nestjs/common';
import { ClaimEffect, Connection } from '../domain/connection';
import {
  ProjectClaim,
  chainRefused,
  claimHolds,
  downstreamClaimId,
  downstreamDisconnected,
  downstreamTaken,
  isDisconnectedClaim,
  upstreamClaimId,
} from '../domain/project-claim';
import { ConnectionRepository } from '../infrastructure/connection.repository';
import { ProjectClaimRepository } from '../infrastructure/project-claim.repository';

/**
 * Decides, race-safely and across instances, whether a new connection may
 * take its two projects: C3 (one upstream per downstream), C11 (never again
 * after a disconnect) and C13 (no chains).
 *
 * C3/C11 are one unique insert (or a compare-and-set on a claim that no longer holds). C13 is "write, then read": a request first
 * inserts its claim on a project, then looks for a conflicting claim of the
 * other role on it. Of two racing requests each has written before it reads,
 * so at least one sees the other and backs out (both may; neither slips by).
 */
@Injectable()
export class ProjectClaims {
  private readonly logger = new Logger(ProjectClaims.name);

  constructor(
    private readonly claims: ProjectClaimRepository,
    private readonly connections: ConnectionRepository,
  ) {}

  async take(connectionId: string, downstream: ConnectionSide, upstream: ConnectionSide, now: Date): Promise<void> {
    await this.takeDownstreamSlot(connectionId, downstream, now);
    try {
      if (await this.isUpstream(downstream.projectId, now)) {
        throw chainRefused(`"${downstream.projectName}" is the upstream project of another connection, so it cannot be downstream too`);
      }
      await this.claims.insert(this.claim(upstreamClaimId(upstream.projectId, connectionId), upstream.projectId, 'upstream', connectionId, now));
      if (await this.isDownstream(upstream.projectId, now)) {
        throw chainRefused(`"${upstream.projectName}" is the downstream project of another connection, so it cannot be upstream too`);
      }
    } catch (err) {
      await this.release(connectionId, downstream.projectId, upstream.projectId);
      throw err;
    }
  }

  /** Gives back both claims of a connection that will never exist (its request failed) or that ended. */
  async release(connectionId: string, downstreamProjectId: string, upstreamProjectId: string): Promise<void> {
    await this.claims.remove(upstreamClaimId(upstreamProjectId, connectionId));
    await this.change(downstreamClaimId(downstreamProjectId), connectionId, (c) => c.released, (c) => ({ ...c, released: true }));
  }

  /**
   * Tidies the claims after a committed change. The connection's status is
   * the truth the checks read, so a failure here is logged, not raised: the
   * change has happened.
   */
  async settle(connection: Connection, effect: ClaimEffect): Promise<void> {
    if (effect === 'keep') return;
    const { downstream, upstream } = connection.state;
    try {
      if (effect === 'release') {
        await this.release(connection.id, downstream.projectId, upstream.projectId);
      } else {
        await this.change(downstreamClaimId(downstream.projectId), connection.id, (c) => c.disconnected, (c) => ({ ...c, disconnected: true }));
        await this.claims.remove(upstreamClaimId(upstream.projectId, connection.id));
      }
    } catch (err) {
      this.logger.warn(`claims of connection ${connection.id} not tidied after ${connection.state.status}: ${(err as Error).message}`);
    }
  }

  /**
   * Changes the claim while it is still `connectionId`'s (a newer holder keeps its own), by a
   * compare-and-set, read again when another write came first.
   */
  private async change(id: string, connectionId: string, done: (c: ProjectClaim) => boolean, next: (c: ProjectClaim) => ProjectClaim): Promise<void> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const claim = await this.claims.get(id);
      if (!claim || claim.connectionId !== connectionId || done(claim)) return;
      if (await this.claims.replace(claim, next(claim))) return;
    }
    throw new Error(`claim ${id} kept changing`);
  }

  private claim(_id: string, projectId: string, role: ProjectClaim['role'], connectionId: string, now: Date): ProjectClaim {
    return { _id, projectId, role, connectionId, disconnected: false, released: false, claimedAt: now, version: 1 };
  }

  /**
   * C3 and C11: the unique `downstream:<projectId>` claim; one that no longer holds (released, its
   * connection ended, or its request abandoned) is taken over by a compare-and-set, so of two
   * requests racing for it exactly one gets it.
   */
  private async takeDownstreamSlot(connectionId: string, downstream: ConnectionSide, now: Date): Promise<void> {
    const id = downstreamClaimId(downstream.projectId);
    const mine = this.claim(id, downstream.projectId, 'downstream', connectionId, now);
    for (let attempt = 0; attempt < 3; attempt++) {
      if (await this.claims.insert(mine)) return;
      const holder = await this.claims.get(id);
      if (!holder) continue; // deleted in between (a claim of an older version of this code)
      const connection = (await this.connections.find(holder.connectionId))?.state ?? null;
      if (isDisconnectedClaim(holder, connection)) throw downstreamDisconnected(downstream.projectName);
      if (claimHolds(holder, connection, now)) throw downstreamTaken(downstream.projectName);
      if (await this.claims.replace(holder, mine)) return;
    }
    throw downstreamTaken(downstream.projectName);
  }

  /** C13: does the project serve some downstream project (pending or active)? */
  private async isUpstream(projectId: string, now: Date): Promise<boolean> {
    const upstreamClaims = (await this.claims.ofProject(projectId)).filter((c) => c.role === 'upstream');
    for (const claim of upstreamClaims) {
      if (await this.holds(claim, now)) return true;
    }
    return false;
  }

  /** C13: is the project downstream of some project (pending or active)? */
  private async isDownstream(projectId: string, now: Date): Promise<boolean> {
    const claim = await this.claims.get(downstreamClaimId(projectId));
    return claim !== null && (await this.holds(claim, now));
  }

  private async holds(claim: ProjectClaim, now: Date): Promise<boolean> {
    const connection = await this.connections.find(claim.connectionId);
    return claimHolds(claim, connection?.state ?? null, now);
  }
}
