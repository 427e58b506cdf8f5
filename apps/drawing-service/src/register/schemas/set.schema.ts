import { Schema } from 'mongoose';
import { CopyOrigin, CopyOriginSchema } from './copy-origin.schema';

export interface SetState {
  projectId: string;
  name: string;
  /** ISO-8601 date as given. */
  date: string;
  connected: boolean;
  origin: CopyOrigin | null;
  createdAt: Date;
}

export const SetSchema = new Schema(
  {
    _id: { type: String, required: true },
    version: { type: Number, required: true },
    projectId: { type: String, required: true },
    name: { type: String, required: true },
    date: { type: String, required: true },
    connected: { type: Boolean, required: true },
    origin: { type: CopyOriginSchema, default: null },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false, minimize: false },
);
SetSchema.index({ projectId: 1 });
