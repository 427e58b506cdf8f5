import { ConnectionManagerLevel, DrawingsLevel } from '@connect/contracts';
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

  /** Emails of the project's members at the given Drawings level, sorted (N2: the Drawings admins). */
  async emailsWithDrawings(projectId: string, drawings: DrawingsLevel): Promise<string[]> {
    const members = await this.model.find({ projectId }).lean<ProjectMember[]>();
    return members
      .filter((m) => m.drawings === drawings)
      .map((m) => m.email)
      .sort();
  }

  /** The user behind each address that belongs to a member of any project (distribution lists may name others). */
  async userIdsByEmail(emails: string[]): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    for (const email of emails) {
      const member = await this.model.findOne({ email }).lean<ProjectMember>();
      if (member) found.set(email, member.userId);
    }
    return found;
  }
}
