import {
  Actor,
  ConnectionCancelledV1,
  ConnectionChangedPayload,
  ConnectionDisconnectedV1,
  ConnectionEstablishedV1,
  ConnectionFeature,
  ConnectionRejectedV1,
  ConnectionRequestedV1,
  ConnectionRole,
  ConnectionSide,
  ConnectionStatus,
  ConnectionUndoneV1,
  ConnectionView,
  DomainError,
  EventDefinition,
  ProjectRef,
} from '@connect/contracts';
import { isConnectionManagerAdmin, isMemberOf, permissionRequired } from './permissions';
import { ConnectionRequest } from './request-rules';

/** A connection's state as stored and announced; `id` and `version` live beside it. */
export type ConnectionState = Omit<ConnectionView, 'id' | 'version'>;

export interface Connection {
  id: string;
  version: number;
  state: ConnectionState;
}

/** Names of the audit trail entries (`GET /connections/:id/events`). */
export type ChangeKind = 'requested' | 'approved' | 'rejected' | 'cancelled' | 'disconnected' | 'undone' | 'approval-undone';

/**
 * What becomes of the project claims (C3, C11, C13) once a change is committed:
 * kept, released (the projects are free again) or, on disconnect, the
 * downstream one kept for ever as disconnected (C11).
 */
export type ClaimEffect = 'keep' | 'release' | 'disconnect';

/** The outcome of a rule-checked action: the whole new state and what to announce. */
export interface Transition {
  kind: ChangeKind;
  state: ConnectionState;
  events: EventDefinition<ConnectionChangedPayload>[];
  reason: string | null;
  claims: ClaimEffect;
}

export interface Timing {
  now: Date;
  /** C14 quick-undo window. */
  undoWindowMs: number;
}

/** Statuses in which a connection holds its projects (C3, C13). */
export const LIVE_STATUSES: readonly ConnectionStatus[] = ['pending', 'active'];

const NO_UNDO = { undoableUntil: null, approvalUndoableUntil: null } as const;

export function toView(connection: Connection): ConnectionView {
  return { id: connection.id, version: connection.version, ...connection.state };
}

/** C12: the side `projectId` is on. */
export function roleOf(connection: Connection, projectId: string): ConnectionRole {
  return connection.state.downstream.projectId === projectId ? 'downstream' : 'upstream';
}

export function connectionNotFound(id: string): DomainError {
  return new DomainError('CONNECTION_NOT_FOUND', `Connection ${id} not found`);
}

/** Tenant safety: only members of either project learn that the connection exists. */
export function assertVisibleTo(connection: Connection, actor: Actor): void {
  const { downstream, upstream } = connection.state;
  if (!isMemberOf(actor, downstream.projectId) && !isMemberOf(actor, upstream.projectId)) throw connectionNotFound(connection.id);
}

function sideOf(ref: ProjectRef): ConnectionSide {
  return { companyId: ref.companyId, companyName: ref.companyName, projectId: ref.projectId, projectName: ref.projectName };
}

function deadline(t: Timing): string {
  return new Date(t.now.getTime() + t.undoWindowMs).toISOString();
}

function isBefore(now: Date, until: string | null): boolean {
  return until !== null && now.getTime() <= Date.parse(until);
}

function requireAdmin(actor: Actor, connection: Connection, side: 'downstream' | 'upstream'): void {
  if (!isConnectionManagerAdmin(actor, connection.state[side].projectId)) {
    throw permissionRequired([`Connection Manager admin on the ${side} project`]);
  }
}

function requireStatus(connection: Connection, action: string, status: ConnectionStatus): void {
  if (connection.state.status !== status) {
    throw new DomainError('CONNECTION_INVALID_STATE', `Cannot ${action} a connection that is ${connection.state.status} (it must be ${status})`, {
      status: connection.state.status,
    });
  }
}

/** C8: under automatic approval the connection is active at once; C9: the request is always announced. */
export function request(request: ConnectionRequest, features: ConnectionFeature[], t: Timing): Transition {
  const at = t.now.toISOString();
  const automatic = request.upstream.connectionApproval === 'automatic';
  const state: ConnectionState = {
    status: automatic ? 'active' : 'pending',
    features,
    upstream: sideOf(request.upstream),
    downstream: sideOf(request.downstream),
    approval: request.upstream.connectionApproval,
    requestedBy: request.actor.userId,
    requestedAt: at,
    decidedBy: null,
    decidedAt: automatic ? at : null,
    rejectReason: null,
    cancelledBy: null,
    cancelledAt: null,
    disconnectedBy: null,
    disconnectedAt: null,
    disconnectReason: null,
    undoneBy: null,
    undoneAt: null,
    undoableUntil: deadline(t),
    approvalUndoableUntil: null,
  };
  const events = automatic ? [ConnectionRequestedV1, ConnectionEstablishedV1] : [ConnectionRequestedV1];
  return { kind: 'requested', state, events, reason: null, claims: 'keep' };
}

/** C8: an upstream Connection Manager admin approves a pending request (C5 is re-checked by the caller). */
export function approve(connection: Connection, actor: Actor, t: Timing): Transition {
  requireAdmin(actor, connection, 'upstream');
  requireStatus(connection, 'approve', 'pending');
  const at = t.now.toISOString();
  const state: ConnectionState = { ...connection.state, status: 'active', decidedBy: actor.userId, decidedAt: at, approvalUndoableUntil: deadline(t) };
  return { kind: 'approved', state, events: [ConnectionEstablishedV1], reason: null, claims: 'keep' };
}

/** C8: an upstream Connection Manager admin rejects a pending request; it may be made again. */
export function reject(connection: Connection, actor: Actor, reason: string | undefined, t: Timing): Transition {
  requireAdmin(actor, connection, 'upstream');
  requireStatus(connection, 'reject', 'pending');
  const why = reason?.trim() || null;
  const state: ConnectionState = { ...connection.state, ...NO_UNDO, status: 'rejected', decidedBy: actor.userId, decidedAt: t.now.toISOString(), rejectReason: why };
  return { kind: 'rejected', state, events: [ConnectionRejectedV1], reason: why, claims: 'release' };
}

/** C8: the downstream side withdraws its pending request. */
export function cancel(connection: Connection, actor: Actor, t: Timing): Transition {
  requireAdmin(actor, connection, 'downstream');
  requireStatus(connection, 'cancel', 'pending');
  const state: ConnectionState = { ...connection.state, ...NO_UNDO, status: 'cancelled', cancelledBy: actor.userId, cancelledAt: t.now.toISOString() };
  return { kind: 'cancelled', state, events: [ConnectionCancelledV1], reason: null, claims: 'release' };
}

/** C10: a Connection Manager admin of either project ends an active connection, accepting the terms and saying why. */
export function disconnect(connection: Connection, actor: Actor, acceptTerms: boolean, reason: string, t: Timing): Transition {
  const { downstream, upstream } = connection.state;
  if (!isConnectionManagerAdmin(actor, downstream.projectId) && !isConnectionManagerAdmin(actor, upstream.projectId)) {
    throw permissionRequired(['Connection Manager admin on the downstream or the upstream project']);
  }
  if (acceptTerms !== true) throw new DomainError('CONNECTION_TERMS_NOT_ACCEPTED', 'Accept the terms of disconnection (acceptTerms: true)');
  const why = reason.trim();
  if (!why) throw new DomainError('CONNECTION_REASON_REQUIRED', 'Give a reason for disconnecting');
  requireStatus(connection, 'disconnect', 'active');
  const state: ConnectionState = {
    ...connection.state,
    ...NO_UNDO,
    status: 'disconnected',
    disconnectedBy: actor.userId,
    disconnectedAt: t.now.toISOString(),
    disconnectReason: why,
  };
  return { kind: 'disconnected', state, events: [ConnectionDisconnectedV1], reason: why, claims: 'disconnect' };
}

/**
 * C14 quick undo. The downstream side undoes its request (pending or active)
 * until `undoableUntil`: the connection is `undone`, frees its projects and
 * does not count for C11. The upstream side undoes its manual approval until
 * `approvalUndoableUntil`: the connection is `pending` again. Under automatic
 * approval there is no approval to undo, so only the downstream side can.
 * A user who is admin on both sides undoes the request while that is possible.
 */
export function undo(connection: Connection, actor: Actor, t: Timing): Transition {
  const s = connection.state;
  const downstreamAdmin = isConnectionManagerAdmin(actor, s.downstream.projectId);
  const upstreamAdmin = isConnectionManagerAdmin(actor, s.upstream.projectId);
  if (!downstreamAdmin && !upstreamAdmin) throw permissionRequired(['Connection Manager admin on the downstream or the upstream project']);
  if (s.status !== 'pending' && s.status !== 'active') {
    throw new DomainError('CONNECTION_INVALID_STATE', `Cannot undo a connection that is ${s.status}`, { status: s.status });
  }
  const at = t.now.toISOString();
  if (downstreamAdmin && isBefore(t.now, s.undoableUntil)) {
    const state: ConnectionState = { ...s, ...NO_UNDO, status: 'undone', undoneBy: actor.userId, undoneAt: at };
    return { kind: 'undone', state, events: [ConnectionUndoneV1], reason: null, claims: 'release' };
  }
  if (upstreamAdmin && s.approval === 'manual' && s.status === 'active' && isBefore(t.now, s.approvalUndoableUntil)) {
    const state: ConnectionState = { ...s, status: 'pending', decidedBy: null, decidedAt: null, approvalUndoableUntil: null, undoneBy: actor.userId, undoneAt: at };
    return { kind: 'approval-undone', state, events: [ConnectionUndoneV1], reason: null, claims: 'keep' };
  }
  if (downstreamAdmin) throw new DomainError('CONNECTION_UNDO_EXPIRED', `The request could only be undone until ${s.undoableUntil}`);
  if (s.approval === 'automatic') throw new DomainError('CONNECTION_UNDO_NOT_ALLOWED', 'Under automatic approval only the downstream side can undo a connection');
  if (s.status === 'pending') throw new DomainError('CONNECTION_INVALID_STATE', 'There is no approval to undo: the connection is pending', { status: s.status });
  throw new DomainError('CONNECTION_UNDO_EXPIRED', `The approval could only be undone until ${s.approvalUndoableUntil}`);
}
