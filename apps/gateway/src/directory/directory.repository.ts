import { ChangeEvent, ChangeLog } from '@connect/persistence';
import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { VersionedStore } from '../common/versioned-store';
import { DirectoryCache } from './directory-cache';
import { COMPANY_USER_MODEL, CompanyUser, CompanyUserState } from './schemas/company-user.schema';
import { COMPANY_MODEL, Company, CompanyState } from './schemas/company.schema';
import { PROJECT_MEMBER_MODEL, ProjectMember, ProjectMemberState } from './schemas/project-member.schema';
import { PROJECT_MODEL, Project, ProjectState } from './schemas/project.schema';
import { USER_MODEL, User, UserState } from './schemas/user.schema';

/**
 * The directory's entities, each read by `_id` or one indexed field and
 * written through the ChangeLog (aggregates `company`, `project`, `user`,
 * `company-user`, `project-member`).
 */
@Injectable()
export class DirectoryRepository {
  readonly companies: VersionedStore<CompanyState>;
  readonly projects: VersionedStore<ProjectState>;
  readonly users: VersionedStore<UserState>;
  readonly companyUsers: VersionedStore<CompanyUserState>;
  readonly projectMembers: VersionedStore<ProjectMemberState>;

  constructor(
    changeLog: ChangeLog,
    cache: DirectoryCache,
    @InjectModel(COMPANY_MODEL) companies: Model<Company>,
    @InjectModel(PROJECT_MODEL) projects: Model<Project>,
    @InjectModel(USER_MODEL) users: Model<User>,
    @InjectModel(COMPANY_USER_MODEL) companyUsers: Model<CompanyUser>,
    @InjectModel(PROJECT_MEMBER_MODEL) projectMembers: Model<ProjectMember>,
  ) {
    const written = (events: ChangeEvent[]) => cache.written(events);
    this.companies = new VersionedStore('company', companies, changeLog, written);
    this.projects = new VersionedStore('project', projects, changeLog, written);
    this.users = new VersionedStore('user', users, changeLog, written);
    this.companyUsers = new VersionedStore('company-user', companyUsers, changeLog, written);
    this.projectMembers = new VersionedStore('project-member', projectMembers, changeLog, written);
  }

  async userByEmail(email: string): Promise<User | null> {
    return this.users.model.findOne({ email }).lean<User>().exec();
  }
}
