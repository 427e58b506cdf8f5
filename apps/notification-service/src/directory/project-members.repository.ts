import { ConnectionManagerLevel } from '@connect/contracts';
import { applyIfNewer } from '@connect/persistence';
import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { PROJECT_MEMBER_MODEL, ProjectMember } from './project-member.schema';

@Injectable()
export class ProjectMembersRepository {
  constructor(@InjectModel(PROJECT_MEMBER_MODEL) private readonly model: Model<ProjectMember>) {}

  /** Keeps the membership if it is newer than the replica's (events may come twice or out of order). */
  async apply(member: ProjectMember): Promise<void> {
    await applyIfNewer(this.model, member);
  }

  /** Emails of the project's members at the given Connection Manager level, sorted. */
  async emailsWith(projectId: string, connectionManager: ConnectionManagerLevel): Promise<string[]> {
    const members = await this.model.find({ projectId }).lean<ProjectMember[]>();
    return members
      .filter((m) => m.connectionManager === connectionManager)
      .map((m) => m.email)
      .sort();
  }
}
