import { Schema } from 'mongoose';

export const UPLOAD_STATES = ['open', 'complete', 'aborted'] as const;
export type UploadState = (typeof UPLOAD_STATES)[number];

/**
 * An upload in progress. Created by its chunk 0 (after the type check),
 * `complete` once every chunk is verified, removed when a revision finalizes
 * it into a file. `aborted` stays as a tombstone for a while so that a late
 * chunk of a discarded upload is refused, then the sweeper removes it.
 */
export interface UploadDoc {
  _id: string;
  projectId: string;
  state: UploadState;
  contentType: string;
  startedAt: Date;
  size?: number;
  sha256?: string;
  chunkCount?: number;
  filename?: string;
  abortedAt?: Date;
  /** Aborted because a chunk crossed DRAWING_MAX_FILE_BYTES: late chunks are refused FILE_TOO_LARGE too (D2). */
  tooLarge?: boolean;
}

export const UploadSchema = new Schema<UploadDoc>(
  {
    _id: { type: String, required: true },
    projectId: { type: String, required: true },
    state: { type: String, enum: UPLOAD_STATES, required: true },
    contentType: { type: String, required: true },
    startedAt: { type: Date, required: true },
    size: Number,
    sha256: String,
    chunkCount: Number,
    filename: String,
    abortedAt: Date,
    tooLarge: Boolean,
  },
  { versionKey: false, collection: 'file_uploads' },
);
UploadSchema.index({ state: 1 });

export const UPLOAD_MODEL = 'FileUpload';
