import { Schema } from 'mongoose';

/**
 * A file copy under way (issue 13 item 6): written before the copy's first chunk, removed once the record that
 * owns the copied file exists. A copy that stopped half-way and is never resumed (its connection stopped) is found
 * by it and cleaned up, so no chunk or file is left that nothing owns; the record of a discarded copy stays a while
 * (`discardedAt`), so whatever of it lands late is cleaned up again by the sweep.
 */
export interface FileCopyDoc {
  /** The target file id. */
  _id: string;
  /** The project the copy is for. */
  projectId: string;
  /** What the copy is done for (a connection id): how the copies of a stopped connection are found. */
  heldFor: string;
  /** The record that will own the file (a revision id). */
  ownerId: string;
  startedAt: Date;
  /** Once the copy is discarded (FileStore.discardCopy): the sweep deletes what landed late, then the record. */
  discarded?: boolean;
  discardedAt?: Date | null;
}

export const FileCopySchema = new Schema<FileCopyDoc>(
  {
    _id: { type: String, required: true },
    projectId: { type: String, required: true },
    heldFor: { type: String, required: true, index: true },
    ownerId: { type: String, required: true },
    startedAt: { type: Date, required: true },
    // Equality on an index: the discarded copies' sweep (FerretDB pushes no range down).
    discarded: { type: Boolean, default: false, index: true },
    discardedAt: { type: Date, default: null },
  },
  { versionKey: false, collection: 'file_copies' },
);

export const FILE_COPY_MODEL = 'FileCopy';
