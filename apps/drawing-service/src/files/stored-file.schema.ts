import { Schema } from 'mongoose';

/**
 * Why GridFS in drawing-service's own database (D2, S1): each service owns
 * one database and files belong to a project's register, so they live beside
 * it, tagged with their project (a connected copy is a separate file of the
 * downstream project: each company retains its own data); no extra server to
 * run or back up; chunks are read one at a time, so downloads stream in
 * constant memory; bytes are stored as they came (byte for byte, SHA-256).
 * The layout is GridFS's own (`fs.files` + `fs.chunks`), so standard tools
 * and `GridFSBucket.openDownloadStream` read it; we write it ourselves
 * because uploads arrive as chunks over the broker, possibly redelivered,
 * and a chunk's deterministic `_id` makes every write idempotent.
 */
export const FILES_COLLECTION = 'fs.files';

export interface StoredFileMetadata {
  projectId: string;
  sha256: string;
  contentType: string;
}

/** A GridFS file document: the file exists once this is written. */
export interface StoredFileDoc {
  /** The file id (the upload id it came from, or the target id of a copy). */
  _id: string;
  length: number;
  chunkSize: number;
  uploadDate: Date;
  filename: string;
  metadata: StoredFileMetadata;
}

export const StoredFileSchema = new Schema<StoredFileDoc>(
  {
    _id: { type: String, required: true },
    length: { type: Number, required: true },
    chunkSize: { type: Number, required: true },
    uploadDate: { type: Date, required: true },
    filename: { type: String, required: true },
    metadata: {
      projectId: { type: String, required: true },
      sha256: { type: String, required: true },
      contentType: { type: String, required: true },
    },
  },
  { versionKey: false, collection: FILES_COLLECTION },
);

export const STORED_FILE_MODEL = 'StoredFile';
