import { ConnectionManagerLevel, DrawingsLevel } from '@connect/contracts';
import { Schema } from 'mongoose';

export const PROJECT_MEMBER_MODEL = 'ProjectMember';

/** Replica of a project membership, from the gateway's directory events (N1 lists, N2 recipients). */
export interface ProjectMember {
  /** `<projectId>:<userId>`, as the directory keys it. */
  _id: string;
  projectId: string;
  userId: string;
  email: string;
  name: string;
  connectionManager: ConnectionManagerLevel;
  drawings: DrawingsLevel;
  version: number;
}

export const ProjectMemberSchema = new Schema<ProjectMember>(
  {
    _id: { type: String, required: true },
    projectId: { type: String, required: true, index: true },
    userId: { type: String, required: true },
    email: { type: String, required: true, index: true },
    name: { type: String, required: true },
    connectionManager: { type: String, required: true },
    drawings: { type: String, required: true },
    version: { type: Number, required: true },
  },
  { versionKey: false, collection: 'project_members' },
);
