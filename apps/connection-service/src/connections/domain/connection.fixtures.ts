import { Actor, ActorMembership, DomainError, ConnectionManagerLevel, DrawingsLevel, ProjectRef } from '@connect/contracts';
import { Connection, Timing, request } from './connection';
import { ConnectionRequest } from './request-rules';

export const T0 = new Date('2030-01-01T10:00:00.000Z');
export const WINDOW_MS = 5 * 60_000;

export function at(msAfterT0: number): Timing {
  return { now: new Date(T0.getTime() + msAfterT0), undoWindowMs: WINDOW_MS };
}

export function project(projectId: string, companyId: string, facts: Partial<ProjectRef> = {}): ProjectRef {
  return {
    projectId,
    projectName: `Project ${projectId}`,
    companyId,
    companyName: `Company ${companyId}`,
    govCloud: false,
    connectionApproval: 'automatic',
    connectBeta: true,
    ...facts,
  };
}

export const DOWNSTREAM = project('p-down', 'c-down');
export const UPSTREAM = project('p-up', 'c-up');

type Grant = [ProjectRef, ConnectionManagerLevel, DrawingsLevel];

/** A user at the companies of the given projects, with these levels on them. */
export function actor(userId: string, ...grants: Grant[]): Actor {
  const memberships: ActorMembership[] = grants.map(([ref, connectionManager, drawings]) => ({ projectId: ref.projectId, companyId: ref.companyId, connectionManager, drawings }));
  const companyIds = [...new Set(grants.map(([ref]) => ref.companyId))];
  return { userId, email: `${userId}@example.com`, name: userId, companies: companyIds.map((companyId) => ({ companyId, admin: false })), memberships };
}

/** C1's minimum: CM admin downstream, Drawings read_only on both sides. */
export const REQUESTER = actor('requester', [DOWNSTREAM, 'admin', 'read_only'], [UPSTREAM, 'none', 'read_only']);
export const UPSTREAM_ADMIN = actor('up-admin', [UPSTREAM, 'admin', 'admin']);
export const DOWNSTREAM_ADMIN = actor('down-admin', [DOWNSTREAM, 'admin', 'none']);
export const DOWNSTREAM_VIEWER = actor('down-viewer', [DOWNSTREAM, 'read_only', 'read_only']);
export const STRANGER = actor('stranger', [project('p-other', 'c-other'), 'admin', 'admin']);

export function connectionRequest(overrides: Partial<ConnectionRequest> = {}): ConnectionRequest {
  return { actor: REQUESTER, downstream: DOWNSTREAM, upstream: UPSTREAM, features: ['drawings'], ...overrides };
}

/** A connection just requested at T0 under the given upstream approval mode. */
export function requested(approval: ProjectRef['connectionApproval']): Connection {
  const t = request(connectionRequest({ upstream: { ...UPSTREAM, connectionApproval: approval } }), ['drawings'], at(0));
  return { id: 'conn-1', version: 1, state: t.state };
}

/** The DomainError `fn` throws (fails the test if it throws nothing or something else). */
export function refusal(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (err) {
    if (err instanceof DomainError) return err;
    throw err;
  }
  throw new Error('expected a DomainError');
}
