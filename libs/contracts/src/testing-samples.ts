import { Actor } from './core/actor';
import { ProjectRef } from './core/project-ref';
import { ConnectionEventActor } from './connection/connection-changed';
import { ConnectionView } from './connection/connection-view';

/*
 * Building blocks of the producer samples (`<area>/samples.ts`, used by
 * contracts.spec.ts): one small world, as the gateway's directory and the
 * services would really describe it. A general contractor (upstream) shares
 * its drawings with a mechanical subcontractor (downstream). Not exported
 * from the index: test data only.
 */

export const UPSTREAM_COMPANY_ID = '75aaacc4-bbb9-4c85-ba22-4e1b5b797deb';
export const DOWNSTREAM_COMPANY_ID = '27afc6a2-51a5-401b-8162-7f25a74ad0d6';
export const UPSTREAM_PROJECT_ID = '6a1506fa-2537-4b64-a338-7d129a5f1832';
export const DOWNSTREAM_PROJECT_ID = '943dead6-79e1-42a6-aa79-87a9d0a7d089';
/** Another project of the general contractor, so that actors have more than the memberships at stake. */
export const OTHER_UPSTREAM_PROJECT_ID = '5bec20fc-252a-421b-ba2d-90c6d3e99b20';
export const CONNECTION_ID = '51c2e9cd-5c70-435e-a31c-666a91e7cae6';

/** The subcontractor's project engineer: asks for the connection (C1: a user at both companies, member of both projects). */
export const REQUESTER: Actor = {
  userId: '3b9279ae-5e92-4996-b8bf-5ad13177ee2b',
  email: 'dana.okafor@northline-mech.com',
  name: 'Dana Okafor',
  companies: [
    { companyId: DOWNSTREAM_COMPANY_ID, admin: false },
    { companyId: UPSTREAM_COMPANY_ID, admin: false },
  ],
  memberships: [
    { projectId: DOWNSTREAM_PROJECT_ID, companyId: DOWNSTREAM_COMPANY_ID, connectionManager: 'admin', drawings: 'standard' },
    { projectId: UPSTREAM_PROJECT_ID, companyId: UPSTREAM_COMPANY_ID, connectionManager: 'none', drawings: 'read_only' },
  ],
};

/** The general contractor's document controller: approves connections (C8) and runs the upstream register (D1). */
export const UPSTREAM_ADMIN: Actor = {
  userId: '65b1f3b9-c3d9-4d98-9869-55d34ad019e5',
  email: 'marcus.lindqvist@halvorsen-construction.com',
  name: 'Marcus Lindqvist',
  companies: [{ companyId: UPSTREAM_COMPANY_ID, admin: true }],
  memberships: [
    { projectId: UPSTREAM_PROJECT_ID, companyId: UPSTREAM_COMPANY_ID, connectionManager: 'admin', drawings: 'admin' },
    { projectId: OTHER_UPSTREAM_PROJECT_ID, companyId: UPSTREAM_COMPANY_ID, connectionManager: 'read_only', drawings: 'read_only' },
  ],
};

/** As the gateway's DirectoryService.getProjectRef builds it. */
export const UPSTREAM_PROJECT: ProjectRef = {
  projectId: UPSTREAM_PROJECT_ID,
  projectName: 'Riverside Medical Center',
  companyId: UPSTREAM_COMPANY_ID,
  companyName: 'Halvorsen Construction',
  govCloud: false,
  connectionApproval: 'manual',
  connectBeta: true,
};

export const DOWNSTREAM_PROJECT: ProjectRef = {
  projectId: DOWNSTREAM_PROJECT_ID,
  projectName: 'Riverside Medical Center – Mechanical',
  companyId: DOWNSTREAM_COMPANY_ID,
  companyName: 'Northline Mechanical',
  govCloud: false,
  connectionApproval: 'automatic',
  connectBeta: true,
};

/** The user part of a connection event, as connection-service's repository cuts it out of the actor. */
export function eventActor({ userId, name, email }: Actor): ConnectionEventActor {
  return { userId, name, email };
}

export const REQUESTED_AT = '2025-03-14T09:21:07.412Z';

/** A connection just requested under the upstream company's manual approval (connection-service's `request` transition). */
export const PENDING_CONNECTION: ConnectionView = {
  id: CONNECTION_ID,
  version: 1,
  status: 'pending',
  features: ['drawings'],
  upstream: { companyId: UPSTREAM_COMPANY_ID, companyName: 'Halvorsen Construction', projectId: UPSTREAM_PROJECT_ID, projectName: 'Riverside Medical Center' },
  downstream: { companyId: DOWNSTREAM_COMPANY_ID, companyName: 'Northline Mechanical', projectId: DOWNSTREAM_PROJECT_ID, projectName: 'Riverside Medical Center – Mechanical' },
  approval: 'manual',
  requestedBy: REQUESTER.userId,
  requestedAt: REQUESTED_AT,
  decidedBy: null,
  decidedAt: null,
  rejectReason: null,
  cancelledBy: null,
  cancelledAt: null,
  disconnectedBy: null,
  disconnectedAt: null,
  disconnectReason: null,
  undoneBy: null,
  undoneAt: null,
  undoableUntil: '2025-03-14T09:26:07.412Z',
  approvalUndoableUntil: null,
};

/** The same connection once the upstream admin approved it (C8), inside its C14 approval-undo window. */
export const ACTIVE_CONNECTION: ConnectionView = {
  ...PENDING_CONNECTION,
  version: 2,
  status: 'active',
  decidedBy: UPSTREAM_ADMIN.userId,
  decidedAt: '2025-03-14T10:02:51.087Z',
  approvalUndoableUntil: '2025-03-14T10:07:51.087Z',
};
