import { Schema } from 'mongoose';

export const FOLLOWED_CONNECTION_MODEL = 'FollowedConnection';

/** A connection sync-service follows: what S1–S6 copy from and to, and whether copying may go on (S6). */
export interface FollowedConnection {
  /** The connection id. */
  _id: string;
  upstreamProjectId: string;
  downstreamProjectId: string;
  status: 'active' | 'stopped';
  /** Version of the connection event last applied: older events are ignored (applyIfNewer). */
  version: number;
}

export const FollowedConnectionSchema = new Schema<FollowedConnection>(
  {
    _id: { type: String, required: true },
    upstreamProjectId: { type: String, required: true, index: true },
    downstreamProjectId: { type: String, required: true, index: true },
    status: { type: String, enum: ['active', 'stopped'], required: true },
    version: { type: Number, required: true },
  },
  { versionKey: false, collection: 'followed_connections' },
);
