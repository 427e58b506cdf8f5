import { DirectoryProjectMemberChangedV1, ProjectMemberChangedPayload } from '@connect/contracts';
import { HandleMessage } from '@connect/messaging';
import { Injectable } from '@nestjs/common';
import { ProjectMembersRepository } from './project-members.repository';

/** Keeps the replica of project memberships that notifications are addressed from. */
@Injectable()
export class ProjectMemberReplicaHandler {
  constructor(private readonly members: ProjectMembersRepository) {}

  @HandleMessage(DirectoryProjectMemberChangedV1)
  async onChanged(e: ProjectMemberChangedPayload): Promise<void> {
    await this.members.apply({
      _id: `${e.projectId}:${e.userId}`,
      projectId: e.projectId,
      userId: e.userId,
      email: e.email.toLowerCase(),
      name: e.name,
      connectionManager: e.permissions.connectionManager,
      drawings: e.permissions.drawings,
      version: e.version,
    });
  }
}
