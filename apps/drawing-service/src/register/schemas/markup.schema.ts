import { Schema } from 'mongoose';

/**
 * D5: a markup belongs to one project and one revision; nothing copies it.
 * Written once and never edited, so a plain insert (no change log) suffices.
 * `data` is kept as its JSON text (`dataJson`): the client's shape is
 * opaque to the service, FerretDB v1 refuses nested arrays (`points:
 * [[x, y], …]` answered 500), and MongoDB refuses nesting past 100 levels.
 * `data` is read only from markups stored before.
 */
export interface MarkupDocument {
  _id: string;
  projectId: string;
  revisionId: string;
  kind: string;
  dataJson?: string;
  data?: unknown;
  createdBy: string;
  createdAt: Date;
}

export const MarkupSchema = new Schema<MarkupDocument>(
  {
    _id: { type: String, required: true },
    projectId: { type: String, required: true },
    revisionId: { type: String, required: true },
    kind: { type: String, required: true },
    dataJson: { type: String },
    data: { type: Schema.Types.Mixed },
    createdBy: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false, minimize: false },
);
MarkupSchema.index({ revisionId: 1 });
MarkupSchema.index({ projectId: 1, revisionId: 1 });
