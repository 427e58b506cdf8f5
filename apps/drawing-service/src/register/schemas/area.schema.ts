import { Schema } from 'mongoose';
import { CopyOrigin, CopyOriginSchema } from './copy-origin.schema';

export interface AreaState {
  projectId: string;
  name: string;
  description: string | null;
  connected: boolean;
  origin: CopyOrigin | null;
  createdAt: Date;
}

export const AreaSchema = new Schema(
  {
    _id: { type: String, required: true },
    version: { type: Number, required: true },
    projectId: { type: String, required: true },
    name: { type: String, required: true },
    description: { type: String, default: null },
    connected: { type: Boolean, required: true },
    origin: { type: CopyOriginSchema, default: null },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false, minimize: false },
);
AreaSchema.index({ projectId: 1 });
