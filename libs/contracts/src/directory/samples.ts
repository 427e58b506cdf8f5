import { DOWNSTREAM_PROJECT, REQUESTER, UPSTREAM_PROJECT } from '../testing-samples';
import { AccessTokenChangedPayload, DirectoryAccessTokenChangedV1 } from './access-token-changed.v1';
import { CompanyChangedPayload, DirectoryCompanyChangedV1 } from './company-changed.v1';
import { CompanyUserChangedPayload, DirectoryCompanyUserChangedV1 } from './company-user-changed.v1';
import { DirectoryProjectChangedV1, ProjectChangedPayload } from './project-changed.v1';
import { DirectoryProjectMemberChangedV1, ProjectMemberChangedPayload } from './project-member-changed.v1';
import { DirectoryUserChangedV1, UserChangedPayload } from './user-changed.v1';

/**
 * One payload per directory event, as the gateway's directory-events.ts
 * builds them from its stored entities (whole state plus version).
 * Checked by contracts.spec.ts.
 */
export const SAMPLES: Record<string, object> = {
  // The general contractor switched to manual approval of connections (C8): its second version.
  [DirectoryCompanyChangedV1.routingKey]: {
    companyId: UPSTREAM_PROJECT.companyId,
    name: UPSTREAM_PROJECT.companyName,
    govCloud: false,
    connectionApproval: 'manual',
    connectBeta: true,
    version: 2,
  } satisfies CompanyChangedPayload,
  [DirectoryProjectChangedV1.routingKey]: {
    projectId: DOWNSTREAM_PROJECT.projectId,
    companyId: DOWNSTREAM_PROJECT.companyId,
    name: DOWNSTREAM_PROJECT.projectName,
    version: 1,
  } satisfies ProjectChangedPayload,
  [DirectoryUserChangedV1.routingKey]: {
    userId: REQUESTER.userId,
    email: REQUESTER.email,
    name: REQUESTER.name,
    version: 1,
  } satisfies UserChangedPayload,
  // Dana was made Connection Manager admin of her project (version 2 of the membership `<projectId>:<userId>`).
  [DirectoryProjectMemberChangedV1.routingKey]: {
    projectId: DOWNSTREAM_PROJECT.projectId,
    companyId: DOWNSTREAM_PROJECT.companyId,
    userId: REQUESTER.userId,
    email: REQUESTER.email,
    name: REQUESTER.name,
    permissions: { connectionManager: 'admin', drawings: 'standard' },
    version: 2,
  } satisfies ProjectMemberChangedPayload,
  // Dana was made an admin of the subcontractor (version 2 of the company user `<companyId>:<userId>`).
  [DirectoryCompanyUserChangedV1.routingKey]: {
    companyId: DOWNSTREAM_PROJECT.companyId,
    userId: REQUESTER.userId,
    admin: true,
    version: 2,
  } satisfies CompanyUserChangedPayload,
  // One of Dana's tokens was revoked (its second version); it never expired.
  [DirectoryAccessTokenChangedV1.routingKey]: {
    tokenId: '0b6f8e0c-3d0c-4d8e-9d52-6c0f1e2a9b11',
    userId: REQUESTER.userId,
    createdAt: '2026-11-30T08:00:00.000Z',
    revokedAt: '2026-12-01T09:30:00.000Z',
    expiresAt: null,
    version: 2,
  } satisfies AccessTokenChangedPayload,
};
