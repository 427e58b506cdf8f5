import { Schema } from 'mongoose';

export const DISTRIBUTION_LIST_MODEL = 'DistributionList';

/** N1: a project's edited Connection Manager distribution list (absent until a CM admin edits it). */
export interface DistributionListDocument {
  /** The project id. */
  _id: string;
  version: number;
  emails: string[];
}

export const DistributionListSchema = new Schema<DistributionListDocument>(
  { _id: { type: String, required: true }, version: { type: Number, required: true }, emails: { type: [String], required: true } },
  { versionKey: false, collection: 'distribution_lists' },
);
