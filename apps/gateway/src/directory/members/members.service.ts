import { retryOnConflict } from '@connect/persistence';
import { DomainError, membershipOf } from '@connect/contracts';
import { Injectable } from '@nestjs/common';
import { isCompanyAdmin, requireCompanyAdmin } from '../../auth/authorization';
import { Principal, principalId } from '../../auth/principal';
import { CompaniesService } from '../companies/companies.service';
import { companyUserChanged, projectMemberChanged } from '../directory-events';
import { DirectoryRepository } from '../directory.repository';
import { CompanyUser, companyUserId } from '../schemas/company-user.schema';
import { Project } from '../schemas/project.schema';
import { projectMemberId } from '../schemas/project-member.schema';
import { User } from '../schemas/user.schema';
import { DirectoryService } from '../directory.service';
import { CompanyUserDto, ProjectMemberDto, PutCompanyUserDto, PutProjectMemberDto } from './member.dto';
import { PermissionsDto } from './permissions.dto';

/** Users at companies (with the admin flag) and project members (with their permission levels). */
@Injectable()
export class MembersService {
  constructor(
    private readonly repo: DirectoryRepository,
    private readonly companies: CompaniesService,
    private readonly directory: DirectoryService,
  ) {}

  async putCompanyUser(principal: Principal, companyId: string, userId: string, dto: PutCompanyUserDto): Promise<CompanyUserDto> {
    await this.companies.visible(principal, companyId);
    requireCompanyAdmin(principal, companyId, 'manage its users');
    const user = await this.enrollable(principal, companyId, userId);
    const saved = await retryOnConflict(async () => {
      const current = await this.repo.companyUsers.get(companyUserId(companyId, userId));
      const admin = dto.admin ?? current?.admin ?? false;
      if (current && current.admin === admin) return current;
      return this.repo.companyUsers.save(
        companyUserId(companyId, userId),
        current?.version ?? 0,
        { companyId, userId, admin },
        {
          scope: companyId,
          kind: current ? 'admin-changed' : 'added',
          actorId: principalId(principal),
          data: { admin },
          events: (c) => [companyUserChanged(c)],
        },
      );
    });
    return {
      companyId,
      userId,
      email: user.email,
      name: user.name,
      admin: saved.admin,
    };
  }

  async putProjectMember(principal: Principal, projectId: string, userId: string, dto: PutProjectMemberDto): Promise<ProjectMemberDto> {
    const project = await this.visibleProject(principal, projectId);
    requireCompanyAdmin(principal, project.companyId, 'manage the members of its projects');
    const user = await this.enrollable(principal, project.companyId, userId);
    await this.ensureCompanyUser(principal, project.companyId, userId);
    const permissions = {
      connectionManager: dto.permissions.connectionManager,
      drawings: dto.permissions.drawings,
    };
    const saved = await retryOnConflict(async () => {
      const current = await this.repo.projectMembers.get(projectMemberId(projectId, userId));
      if (current && samePermissions(current.permissions, permissions)) return current;
      return this.repo.projectMembers.save(
        projectMemberId(projectId, userId),
        current?.version ?? 0,
        { projectId, companyId: project.companyId, userId, permissions },
        {
          scope: projectId,
          kind: current ? 'permissions-changed' : 'added',
          actorId: principalId(principal),
          events: (m) => [projectMemberChanged(m, user)],
        },
      );
    });
    return toProjectMemberDto(saved.projectId, saved.companyId, user, saved.permissions);
  }

  /**
   * A user a company admin may enrol at their company: one already there, or
   * a new user at no company yet (visible to the admin who created them).
   * An existing user of another company is the operator's to add (issue 15,
   * finding 4): 403 when the admin sees them through another company of
   * theirs, 404 USER_NOT_FOUND when they do not see them at all.
   */
  private async enrollable(principal: Principal, companyId: string, userId: string): Promise<User> {
    const { user, companyIds } = await this.directory.visibleUser(principal, userId);
    if (principal.kind === 'user' && companyIds.length > 0 && !companyIds.includes(companyId)) {
      throw new DomainError('FORBIDDEN', `user ${userId} is at another company: only the operator may add them to company ${companyId}`);
    }
    return user;
  }

  /**
   * A project exists for the caller when they may manage it (operator, admin
   * of its company) or are a member of it; for anyone else it is 404 like an
   * unknown id (tenant safety).
   */
  private async visibleProject(principal: Principal, projectId: string): Promise<Project> {
    const project = await this.repo.projects.get(projectId);
    const visible = project && (isCompanyAdmin(principal, project.companyId) || (principal.kind === 'user' && membershipOf(principal.actor, projectId)));
    if (!project || !visible) throw new DomainError('PROJECT_NOT_FOUND', `project ${projectId} not found`);
    return project;
  }

  /** A project member is a user at the project's company; an existing company user keeps their admin flag. */
  private async ensureCompanyUser(principal: Principal, companyId: string, userId: string): Promise<void> {
    const id = companyUserId(companyId, userId);
    if (await this.repo.companyUsers.get(id)) return;
    try {
      await this.repo.companyUsers.save(id, 0, { companyId, userId, admin: false } satisfies Omit<CompanyUser, '_id' | 'version'>, {
        scope: companyId,
        kind: 'added',
        actorId: principalId(principal),
        events: (c) => [companyUserChanged(c)],
      });
    } catch (err) {
      // Someone added them at the same moment: they are a company user either way.
      if (!(err instanceof DomainError && err.code === 'CONCURRENT_MODIFICATION')) throw err;
    }
  }
}

function samePermissions(a: PermissionsDto, b: PermissionsDto): boolean {
  return a.connectionManager === b.connectionManager && a.drawings === b.drawings;
}

function toProjectMemberDto(projectId: string, companyId: string, user: User, permissions: PermissionsDto): ProjectMemberDto {
  return {
    projectId,
    companyId,
    userId: user._id,
    email: user.email,
    name: user.name,
    permissions: { ...permissions },
  };
}
