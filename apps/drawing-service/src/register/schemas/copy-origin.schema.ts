import { Schema } from 'mongoose';

/**
 * Where a connected copy came from and which upstream version it shows, so
 * upstream changes are applied only when newer (S3, S7).
 */
export interface CopyOrigin {
  connectionId: string;
  upstreamProjectId: string;
  upstreamId: string;
  upstreamVersion: number;
}

export const CopyOriginSchema = new Schema(
  {
    connectionId: { type: String, required: true },
    upstreamProjectId: { type: String, required: true },
    upstreamId: { type: String, required: true },
    upstreamVersion: { type: Number, required: true },
  },
  { _id: false },
);
