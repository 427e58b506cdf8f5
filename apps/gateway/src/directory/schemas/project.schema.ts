import { Schema } from 'mongoose';
import { Stored } from '../../common/versioned-store';

export const PROJECT_MODEL = 'Project';

export interface ProjectState {
  companyId: string;
  name: string;
  createdAt: Date;
}

export type Project = Stored<ProjectState>;

export const ProjectSchema = new Schema<Project>(
  {
    _id: { type: String, required: true },
    version: { type: Number, required: true },
    companyId: { type: String, required: true },
    name: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'projects' },
);
ProjectSchema.index({ companyId: 1 });
