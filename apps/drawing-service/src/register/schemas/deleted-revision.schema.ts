import { Schema } from 'mongoose';

/**
 * A line of the Deleted Drawing Revisions report (D4). Append-only, keyed by
 * the revision id, so recording a deletion twice (a retried delete) is one line.
 */
export interface DeletedRevisionEntry {
  _id: string;
  projectId: string;
  drawingId: string;
  drawingNumber: string;
  title: string;
  revisionNumber: string;
  deletedAt: Date;
  deletedBy: string | null;
  deletedByName: string | null;
  reason: string;
}

export const DeletedRevisionSchema = new Schema<DeletedRevisionEntry>(
  {
    _id: { type: String, required: true },
    projectId: { type: String, required: true },
    drawingId: { type: String, required: true },
    drawingNumber: { type: String, required: true },
    title: { type: String, required: true },
    revisionNumber: { type: String, required: true },
    deletedAt: { type: Date, required: true },
    deletedBy: { type: String, default: null },
    deletedByName: { type: String, default: null },
    reason: { type: String, required: true },
  },
  { versionKey: false },
);
DeletedRevisionSchema.index({ projectId: 1 });
DeletedRevisionSchema.index({ drawingId: 1 });
