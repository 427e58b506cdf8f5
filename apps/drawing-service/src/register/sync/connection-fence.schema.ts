import { ConnectionStatus } from '@connect/contracts';
import { Schema } from 'mongoose';

/**
 * S6: drawing-service's own view of each connection's status, followed from
 * the connection events (apply if newer by the connection's `version`), so a
 * connected-copy write sent just before a disconnect is refused here.
 */
export interface ConnectionFenceDocument {
  /** The connection id. */
  _id: string;
  version: number;
  status: ConnectionStatus;
  downstreamProjectId: string;
}

export const ConnectionFenceSchema = new Schema<ConnectionFenceDocument>(
  {
    _id: { type: String, required: true },
    version: { type: Number, required: true },
    status: { type: String, required: true },
    downstreamProjectId: { type: String, required: true },
  },
  { versionKey: false, collection: 'connection_fences' },
);

export const CONNECTION_FENCE_MODEL = 'ConnectionFence';

/**
 * S6: a connected-copy write under way, let in by the fence while its
 * connection was active. Inserted before the fence is read and deleted when
 * the write ends, so whoever stops the connection sees every write it let in
 * and waits for them. A writer that died leaves its entry until `expiresAt`
 * (renewed while the write runs).
 */
export interface ConnectedCopyWriterDocument {
  _id: string;
  connectionId: string;
  expiresAt: Date;
}

export const ConnectedCopyWriterSchema = new Schema<ConnectedCopyWriterDocument>(
  {
    _id: { type: String, required: true },
    connectionId: { type: String, required: true },
    expiresAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'connected_copy_writers' },
);
ConnectedCopyWriterSchema.index({ connectionId: 1 });

export const CONNECTED_COPY_WRITER_MODEL = 'ConnectedCopyWriter';

/**
 * S4/S7: a downstream drawing copy removed because its upstream drawing was
 * deleted. Upstream ids are never reused, so the tombstone is kept: a late
 * copy request or metadata event can never bring the drawing back.
 */
export interface CopyTombstoneDocument {
  /** The downstream copy's id (connectedCopyId of the upstream drawing). */
  _id: string;
  projectId: string;
  connectionId: string;
  at: Date;
}

export const CopyTombstoneSchema = new Schema<CopyTombstoneDocument>(
  {
    _id: { type: String, required: true },
    projectId: { type: String, required: true },
    connectionId: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { versionKey: false, collection: 'connected_copy_tombstones' },
);

export const COPY_TOMBSTONE_MODEL = 'ConnectedCopyTombstone';
