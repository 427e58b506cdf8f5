import { ConnectionManagerLevel, DrawingsLevel } from '@connect/contracts';
import { Schema } from 'mongoose';
import { Stored } from '../../common/versioned-store';

export const PROJECT_MEMBER_MODEL = 'ProjectMember';

export interface Permissions {
  connectionManager: ConnectionManagerLevel;
  drawings: DrawingsLevel;
}

/**
 * A user's membership of a project; `_id` = `<projectId>:<userId>`. Carries
 * the project's company so that loading an actor needs no project lookups.
 */
export interface ProjectMemberState {
  projectId: string;
  companyId: string;
  userId: string;
  permissions: Permissions;
}

export type ProjectMember = Stored<ProjectMemberState>;

export const projectMemberId = (projectId: string, userId: string): string => `${projectId}:${userId}`;

export const ProjectMemberSchema = new Schema<ProjectMember>(
  {
    _id: { type: String, required: true },
    version: { type: Number, required: true },
    projectId: { type: String, required: true },
    companyId: { type: String, required: true },
    userId: { type: String, required: true },
    permissions: {
      connectionManager: { type: String, required: true },
      drawings: { type: String, required: true },
    },
  },
  { versionKey: false, collection: 'project_members' },
);
ProjectMemberSchema.index({ userId: 1 });
ProjectMemberSchema.index({ projectId: 1 });
