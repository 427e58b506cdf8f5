import { Schema } from 'mongoose';

/**
 * Receipt of one stored chunk of an upload, written after the chunk itself.
 * Completing an upload lists these small documents instead of the chunks:
 * FerretDB reads a whole document even to project a field, and a file has
 * thousands of chunks.
 */
export interface UploadPartDoc {
  /** `<uploadId>:<n>`, like its chunk: a redelivery writes nothing new. */
  _id: string;
  uploadId: string;
  n: number;
  size: number;
}

export const UploadPartSchema = new Schema<UploadPartDoc>(
  {
    _id: { type: String, required: true },
    uploadId: { type: String, required: true },
    n: { type: Number, required: true },
    size: { type: Number, required: true },
  },
  { versionKey: false, collection: 'file_upload_parts' },
);
UploadPartSchema.index({ uploadId: 1 });

export const UPLOAD_PART_MODEL = 'FileUploadPart';
