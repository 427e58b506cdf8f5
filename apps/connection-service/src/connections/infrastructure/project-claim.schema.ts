import { Schema } from 'mongoose';
import { ProjectClaim } from '../domain/project-claim';

export const PROJECT_CLAIM_MODEL = 'ProjectClaim';

export const ProjectClaimSchema = new Schema<ProjectClaim>(
  {
    _id: { type: String, required: true },
    projectId: { type: String, required: true },
    role: { type: String, enum: ['downstream', 'upstream'], required: true },
    connectionId: { type: String, required: true },
    disconnected: { type: Boolean, required: true },
    released: { type: Boolean, default: false },
    claimedAt: { type: Date, required: true },
    version: { type: Number, required: true },
  },
  { versionKey: false, collection: 'claims' },
);
// C13 reads every claim of a project: an equality filter, index-served on FerretDB.
ProjectClaimSchema.index({ projectId: 1 });
