import {
  DirectoryAccessTokenChangedV1,
  DirectoryCompanyChangedV1,
  DirectoryCompanyUserChangedV1,
  DirectoryProjectChangedV1,
  DirectoryProjectMemberChangedV1,
  DirectoryUserChangedV1,
} from '@connect/contracts';
import { ChangeEvent } from '@connect/persistence';
import type { AccessToken } from '../auth/tokens/token.schema';
import { CompanyUser } from './schemas/company-user.schema';
import { Company } from './schemas/company.schema';
import { ProjectMember } from './schemas/project-member.schema';
import { Project } from './schemas/project.schema';
import { User } from './schemas/user.schema';

/** The `directory.*` events that let other services keep replicas; each carries the whole state and its version. */
export function companyChanged(c: Company): ChangeEvent {
  return {
    definition: DirectoryCompanyChangedV1,
    payload: { companyId: c._id, name: c.name, govCloud: c.govCloud, connectionApproval: c.settings.connectionApproval, connectBeta: c.settings.connectBeta, version: c.version },
  };
}

export function projectChanged(p: Project): ChangeEvent {
  return { definition: DirectoryProjectChangedV1, payload: { projectId: p._id, companyId: p.companyId, name: p.name, version: p.version } };
}

export function userChanged(u: User): ChangeEvent {
  return { definition: DirectoryUserChangedV1, payload: { userId: u._id, email: u.email, name: u.name, version: u.version } };
}

export function projectMemberChanged(m: ProjectMember, user: User): ChangeEvent {
  return {
    definition: DirectoryProjectMemberChangedV1,
    payload: {
      projectId: m.projectId,
      companyId: m.companyId,
      userId: m.userId,
      email: user.email,
      name: user.name,
      permissions: { ...m.permissions },
      version: m.version,
    },
  };
}

export function companyUserChanged(c: CompanyUser): ChangeEvent {
  return { definition: DirectoryCompanyUserChangedV1, payload: { companyId: c.companyId, userId: c.userId, admin: c.admin, version: c.version } };
}

/** Issued or revoked: the token's public id and user, never its hash. */
export function accessTokenChanged(t: AccessToken): ChangeEvent {
  return {
    definition: DirectoryAccessTokenChangedV1,
    payload: {
      tokenId: t.id,
      userId: t.userId,
      createdAt: t.createdAt.toISOString(),
      revokedAt: t.revokedAt?.toISOString() ?? null,
      expiresAt: t.expiresAt?.toISOString() ?? null,
      version: t.version,
    },
  };
}
