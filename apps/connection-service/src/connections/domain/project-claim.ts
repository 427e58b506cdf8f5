import { DomainError } from '@connect/contracts';
import { ConnectionState, LIVE_STATUSES } from './connection';

/**
 * The record that a project takes part in a connection: the race-safe half
 * of C3, C11 and C13. Free projects are claimed by inserting these (atomic on
 * a unique `_id`); every later change of a claim is a compare-and-set on its
 * `version` (atomic on FerretDB through the version guard; never a conditional
 * delete, which FerretDB filters in Go and then deletes by `_id`):
 *   - `downstream:<projectId>`: the one upstream of a downstream project (C3);
 *     `released` when its connection ends by reject, cancel or undo, taken over
 *     by the next request once it no longer holds; kept with
 *     `disconnected: true` for ever after a disconnect (C11);
 *   - `upstream:<projectId>:<connectionId>`: one per downstream it serves,
 *     written and deleted by its own connection only.
 */
export interface ProjectClaim {
  _id: string;
  projectId: string;
  role: 'downstream' | 'upstream';
  connectionId: string;
  disconnected: boolean;
  /** Given back: the project is free (a refused request, a rejected, cancelled or undone connection). */
  released: boolean;
  claimedAt: Date;
  version: number;
}

/**
 * A claim whose connection never got written is left by a request that
 * stopped half-way; younger than this it belongs to a request still running.
 */
export const ABANDONED_CLAIM_MS = 60_000;

export function downstreamClaimId(projectId: string): string {
  return `downstream:${projectId}`;
}

export function upstreamClaimId(projectId: string, connectionId: string): string {
  return `upstream:${projectId}:${connectionId}`;
}

/**
 * Whether a claim still holds its project, judged by its connection's status
 * (the truth; releasing a claim after a change is only tidying up, so a crash
 * between the two never blocks a project for ever).
 */
export function claimHolds(claim: ProjectClaim, connection: ConnectionState | null, now: Date): boolean {
  if (claim.disconnected || claim.released) return false;
  if (!connection) return now.getTime() - claim.claimedAt.getTime() < ABANDONED_CLAIM_MS;
  return LIVE_STATUSES.includes(connection.status);
}

/** C11 for the holder of a downstream project's slot. */
export function isDisconnectedClaim(claim: ProjectClaim, connection: ConnectionState | null): boolean {
  return claim.disconnected || connection?.status === 'disconnected';
}

export function downstreamDisconnected(projectName: string): DomainError {
  return new DomainError('CONNECTION_DOWNSTREAM_DISCONNECTED', `"${projectName}" was disconnected from its upstream project and can never connect again`);
}

export function downstreamTaken(projectName: string): DomainError {
  return new DomainError('CONNECTION_ALREADY_EXISTS', `"${projectName}" already has an upstream project (pending or active)`);
}

export function chainRefused(message: string): DomainError {
  return new DomainError('CONNECTION_CHAIN', message);
}
