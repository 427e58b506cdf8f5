import { Schema, mongo } from 'mongoose';

export const CHUNKS_COLLECTION = 'fs.chunks';

/**
 * A GridFS chunk. `_id` is `<fileId>:<n>` rather than an ObjectId: a
 * redelivered chunk hits the same key (idempotent insert), and reads fetch a
 * chunk by `_id`, the one lookup FerretDB serves from an index without
 * sorting a whole file's chunks in memory. `projectId` scopes every read.
 */
export interface FileChunkDoc {
  _id: string;
  files_id: string;
  n: number;
  data: mongo.Binary;
  projectId: string;
}

export function chunkId(fileId: string, n: number): string {
  return `${fileId}:${n}`;
}

export const FileChunkSchema = new Schema<FileChunkDoc>(
  {
    _id: { type: String, required: true },
    files_id: { type: String, required: true },
    n: { type: Number, required: true },
    data: { type: Buffer, required: true },
    projectId: { type: String, required: true },
  },
  { versionKey: false, collection: CHUNKS_COLLECTION },
);
// Deleting a file's chunks filters on files_id. No unique {files_id, n} as GridFS
// drivers create: `_id` already makes a chunk unique, and on FerretDB each
// indexed field costs a GIN index update on every chunk insert.
FileChunkSchema.index({ files_id: 1 });

export const FILE_CHUNK_MODEL = 'FileChunk';
