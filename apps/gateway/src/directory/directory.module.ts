import { Global, Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { CompaniesController } from './companies/companies.controller';
import { CompaniesService } from './companies/companies.service';
import { DirectoryCache } from './directory-cache';
import { DirectoryCacheFeed } from './directory-cache-feed';
import { DirectoryRepository } from './directory.repository';
import { DirectoryService } from './directory.service';
import { MeController } from './me/me.controller';
import { MembersController } from './members/members.controller';
import { MembersService } from './members/members.service';
import { ProjectsController } from './projects/projects.controller';
import { ProjectsService } from './projects/projects.service';
import { COMPANY_USER_MODEL, CompanyUserSchema } from './schemas/company-user.schema';
import { COMPANY_MODEL, CompanySchema } from './schemas/company.schema';
import { PROJECT_MEMBER_MODEL, ProjectMemberSchema } from './schemas/project-member.schema';
import { PROJECT_MODEL, ProjectSchema } from './schemas/project.schema';
import { USER_MODEL, UserSchema } from './schemas/user.schema';
import { UsersController } from './users/users.controller';
import { UsersService } from './users/users.service';

/**
 * The directory the gateway owns: companies, projects, users and their
 * memberships. Global, so that every gateway module can inject
 * DirectoryService (project refs, members) without importing it.
 */
@Global()
@Module({
  imports: [
    MongooseModule.forFeature([
      { name: COMPANY_MODEL, schema: CompanySchema },
      { name: PROJECT_MODEL, schema: ProjectSchema },
      { name: USER_MODEL, schema: UserSchema },
      { name: COMPANY_USER_MODEL, schema: CompanyUserSchema },
      { name: PROJECT_MEMBER_MODEL, schema: ProjectMemberSchema },
    ]),
  ],
  controllers: [CompaniesController, ProjectsController, UsersController, MembersController, MeController],
  providers: [DirectoryCache, DirectoryCacheFeed, DirectoryRepository, DirectoryService, CompaniesService, ProjectsService, UsersService, MembersService],
  exports: [DirectoryService, DirectoryCache],
})
export class DirectoryModule {}
