import { Schema } from 'mongoose';

/**
 * D5: a markup belongs to one project and one revision; nothing copies it.
 * Written once and never edited, so a plain insert (no change log) suffices.
 */
export interface MarkupDocument {
  _id: string;
  projectId: string;
  revisionId: string;
  kind: string;
  data: unknown;
  createdBy: string;
  createdAt: Date;
}

export const MarkupSchema = new Schema<MarkupDocument>(
  {
    _id: { type: String, required: true },
    projectId: { type: String, required: true },
    revisionId: { type: String, required: true },
    kind: { type: String, required: true },
    data: { type: Schema.Types.Mixed, required: true },
    createdBy: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false, minimize: false },
);
MarkupSchema.index({ revisionId: 1 });
MarkupSchema.index({ projectId: 1, revisionId: 1 });
