import { Actor, ConnectionManagerLevel, DomainError, DrawingsLevel, ProjectRef } from '@connect/contracts';
import { Injectable } from '@nestjs/common';
import { Principal, principalId } from '../auth/principal';
import { DirectoryCache } from './directory-cache';
import { DirectoryRepository } from './directory.repository';
import { Company } from './schemas/company.schema';
import { Project } from './schemas/project.schema';
import { User } from './schemas/user.schema';

/** A user as a caller who may see them sees them: with the companies they are at. */
export interface VisibleUser {
  user: User;
  companyIds: string[];
}

export interface ProjectMemberInfo {
  userId: string;
  email: string;
  name: string;
  permissions: { connectionManager: ConnectionManagerLevel; drawings: DrawingsLevel };
}

/** What the rest of the gateway asks of the directory. Every read is by `_id` or one indexed field. */
@Injectable()
export class DirectoryService {
  constructor(
    private readonly repo: DirectoryRepository,
    private readonly cache: DirectoryCache,
  ) {}

  /** A project as the directory cache has it (its `directory.project.changed` event drops it). */
  project(projectId: string): Promise<Project | null> {
    return this.cache.read('project', projectId, () => this.repo.projects.get(projectId));
  }

  /** A company as the directory cache has it (its `directory.company.changed` event drops it). */
  company(companyId: string): Promise<Company | null> {
    return this.cache.read('company', companyId, () => this.repo.companies.get(companyId));
  }

  /** The user's actor as the directory cache has it: dropped by any event of the user, their companies or memberships. */
  actor(userId: string): Promise<Actor | null> {
    return this.cache.read('actor', userId, () => this.loadActor(userId));
  }

  /** A project with its company's facts (C4, C6, C8, C12), or null when unknown. */
  async getProjectRef(projectId: string): Promise<ProjectRef | null> {
    const project = await this.project(projectId);
    if (!project) return null;
    const company = await this.company(project.companyId);
    if (!company) return null;
    return {
      projectId: project._id,
      projectName: project.name,
      companyId: company._id,
      companyName: company.name,
      govCloud: company.govCloud,
      connectionApproval: company.settings.connectionApproval,
      connectBeta: company.settings.connectBeta,
    };
  }

  /** The user with all their company and project memberships: three lookups (one `_id`, two indexed equalities). */
  async loadActor(userId: string): Promise<Actor | null> {
    const [user, companies, memberships] = await Promise.all([
      this.repo.users.get(userId),
      this.repo.companyUsers.where('userId', userId),
      this.repo.projectMembers.where('userId', userId),
    ]);
    if (!user) return null;
    return {
      userId: user._id,
      email: user.email,
      name: user.name,
      companies: companies.map((c) => ({ companyId: c.companyId, admin: c.admin })),
      memberships: memberships.map((m) => ({ projectId: m.projectId, companyId: m.companyId, connectionManager: m.permissions.connectionManager, drawings: m.permissions.drawings })),
    };
  }

  /**
   * The user, if the caller may know of them: the operator, the user
   * themself, anyone at one of the user's companies, and — while the user
   * is at no company yet — whoever created them. For anyone else the user
   * does not exist: 404 USER_NOT_FOUND, the same answer as for an unknown
   * id, so user ids of other tenants reveal nothing (issue 15, findings 4, 5).
   */
  async visibleUser(principal: Principal, userId: string): Promise<VisibleUser> {
    const [user, companies] = await Promise.all([this.repo.users.get(userId), this.repo.companyUsers.where('userId', userId)]);
    const companyIds = companies.map((c) => c.companyId);
    if (user && isVisible(principal, user, companyIds)) return { user, companyIds };
    throw new DomainError('USER_NOT_FOUND', `user ${userId} not found`);
  }
}

function isVisible(principal: Principal, user: User, companyIds: string[]): boolean {
  if (principal.kind === 'operator' || principal.actor.userId === user._id) return true;
  if (companyIds.length === 0) return user.createdBy === principalId(principal);
  return principal.actor.companies.some((c) => companyIds.includes(c.companyId));
}
