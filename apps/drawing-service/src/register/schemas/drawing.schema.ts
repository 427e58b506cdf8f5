import { Schema } from 'mongoose';
import { CopyOrigin, CopyOriginSchema } from './copy-origin.schema';

/** D6: the source a connected drawing names. */
export interface DrawingSource {
  companyName: string;
  projectName: string;
}

export interface DrawingState {
  projectId: string;
  /** Unique per project: held by a lease in `drawing_numbers` (see drawing-numbers.ts). */
  number: string;
  title: string;
  areaId: string;
  disciplineId: string;
  obsolete: boolean;
  connected: boolean;
  source: DrawingSource | null;
  origin: CopyOrigin | null;
  /** Derived from the revisions: the highest published one (see current-revision.ts). */
  currentRevisionId: string | null;
  /** Derived: whether it is in the register (`GET /drawings`); an equality filter FerretDB serves by index. */
  hasPublishedRevision: boolean;
  /** Derived (D6): a connected revision newer than the current one awaits review. */
  connectedUpdateAvailable: boolean;
  createdAt: Date;
}

export const DrawingSchema = new Schema(
  {
    _id: { type: String, required: true },
    version: { type: Number, required: true },
    projectId: { type: String, required: true },
    number: { type: String, required: true },
    title: { type: String, required: true },
    areaId: { type: String, required: true },
    disciplineId: { type: String, required: true },
    obsolete: { type: Boolean, required: true },
    connected: { type: Boolean, required: true },
    source: { type: new Schema({ companyName: String, projectName: String }, { _id: false }), default: null },
    origin: { type: CopyOriginSchema, default: null },
    currentRevisionId: { type: String, default: null },
    hasPublishedRevision: { type: Boolean, required: true },
    connectedUpdateAvailable: { type: Boolean, required: true },
    createdAt: { type: Date, required: true },
    // Derived from _id at every write (id-buckets.ts): the register pages by equality on these.
    bucket1: { type: String },
    bucket2: { type: String },
    bucket3: { type: String },
  },
  { versionKey: false, minimize: false },
);
DrawingSchema.index({ projectId: 1 });
DrawingSchema.index({ number: 1 });
DrawingSchema.index({ projectId: 1, hasPublishedRevision: 1 });
DrawingSchema.index({ areaId: 1 });
DrawingSchema.index({ bucket1: 1 });
DrawingSchema.index({ bucket2: 1 });
DrawingSchema.index({ bucket3: 1 });
