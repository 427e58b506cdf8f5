import { Actor, ConnectionManagerLevel, DrawingsLevel, ProjectRef } from '@connect/contracts';
import { Injectable } from '@nestjs/common';
import { DirectoryRepository } from './directory.repository';

export interface ProjectMemberInfo {
  userId: string;
  email: string;
  name: string;
  permissions: { connectionManager: ConnectionManagerLevel; drawings: DrawingsLevel };
}

/** What the rest of the gateway asks of the directory. Every read is by `_id` or one indexed field. */
@Injectable()
export class DirectoryService {
  constructor(private readonly repo: DirectoryRepository) {}

  /** A project with its company's facts (C4, C6, C8, C12), or null when unknown. */
  async getProjectRef(projectId: string): Promise<ProjectRef | null> {
    const project = await this.repo.projects.get(projectId);
    if (!project) return null;
    const company = await this.repo.companies.get(project.companyId);
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

  async userExists(userId: string): Promise<boolean> {
    return (await this.repo.users.get(userId)) !== null;
  }
}
