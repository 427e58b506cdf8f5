import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { PROJECT_MEMBER_MODEL, ProjectMemberSchema } from './project-member.schema';
import { ProjectMemberReplicaHandler } from './project-member-replica.handler';
import { ProjectMembersRepository } from './project-members.repository';

@Module({
  imports: [MongooseModule.forFeature([{ name: PROJECT_MEMBER_MODEL, schema: ProjectMemberSchema }])],
  providers: [ProjectMembersRepository, ProjectMemberReplicaHandler],
  exports: [ProjectMembersRepository],
})
export class DirectoryReplicaModule {}
