import { Schema } from 'mongoose';
import { CopyOrigin, CopyOriginSchema } from './copy-origin.schema';

export interface RevisionFile {
  fileId: string;
  sha256: string;
  size: number;
  contentType: string;
  filename: string;
}

export interface RevisionState {
  projectId: string;
  drawingId: string;
  revisionNumber: string;
  revisionStatus: string | null;
  drawingDate: string | null;
  receivedDate: string | null;
  setId: string | null;
  file: RevisionFile;
  published: boolean;
  publishedAt: Date | null;
  /** User id of the uploader; null for connected copies. */
  uploadedBy: string | null;
  connected: boolean;
  /** Connected copies: the upstream revision they copy. */
  sourceRevisionId: string | null;
  origin: CopyOrigin | null;
  createdAt: Date;
}

export const RevisionSchema = new Schema(
  {
    _id: { type: String, required: true },
    version: { type: Number, required: true },
    projectId: { type: String, required: true },
    drawingId: { type: String, required: true },
    revisionNumber: { type: String, required: true },
    revisionStatus: { type: String, default: null },
    drawingDate: { type: String, default: null },
    receivedDate: { type: String, default: null },
    setId: { type: String, default: null },
    file: {
      type: new Schema(
        {
          fileId: { type: String, required: true },
          sha256: { type: String, required: true },
          size: { type: Number, required: true },
          contentType: { type: String, required: true },
          filename: { type: String, required: true },
        },
        { _id: false },
      ),
      required: true,
    },
    published: { type: Boolean, required: true },
    publishedAt: { type: Date, default: null },
    uploadedBy: { type: String, default: null },
    connected: { type: Boolean, required: true },
    sourceRevisionId: { type: String, default: null },
    origin: { type: CopyOriginSchema, default: null },
    createdAt: { type: Date, required: true },
    // Derived from drawingId at every write (id-buckets.ts): a register page's current revisions by equality.
    bucket1: { type: String },
    bucket2: { type: String },
    bucket3: { type: String },
  },
  { versionKey: false, minimize: false },
);
RevisionSchema.index({ projectId: 1 });
RevisionSchema.index({ projectId: 1, published: 1 });
RevisionSchema.index({ drawingId: 1 });
RevisionSchema.index({ bucket1: 1 });
RevisionSchema.index({ bucket2: 1 });
RevisionSchema.index({ bucket3: 1 });
