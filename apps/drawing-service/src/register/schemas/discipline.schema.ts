import { Schema } from 'mongoose';
import { CopyOrigin, CopyOriginSchema } from './copy-origin.schema';

export interface DisciplineState {
  projectId: string;
  name: string;
  position: number;
  connected: boolean;
  origin: CopyOrigin | null;
  createdAt: Date;
}

export const DisciplineSchema = new Schema(
  {
    _id: { type: String, required: true },
    version: { type: Number, required: true },
    projectId: { type: String, required: true },
    name: { type: String, required: true },
    position: { type: Number, required: true },
    connected: { type: Boolean, required: true },
    origin: { type: CopyOriginSchema, default: null },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false, minimize: false },
);
DisciplineSchema.index({ projectId: 1 });
