import { Schema } from 'mongoose';

/**
 * D-register invariant "a drawing number is unique per project", decided by
 * an insert: `_id = projectId:number`. FerretDB reports a unique
 * index hit on a replace as a generic error and serves no atomic
 * read-modify-write, so the claim insert (error 11000 everywhere) decides.
 */
export interface DrawingNumberClaim {
  _id: string;
  projectId: string;
  drawingId: string;
  at: Date;
}

export const DrawingNumberClaimSchema = new Schema<DrawingNumberClaim>(
  {
    _id: { type: String, required: true },
    projectId: { type: String, required: true },
    drawingId: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { versionKey: false },
);
