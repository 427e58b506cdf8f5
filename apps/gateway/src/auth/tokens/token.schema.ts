import { Schema } from 'mongoose';
import { Stored } from '../../common/versioned-store';

export const ACCESS_TOKEN_MODEL = 'AccessToken';

/** A personal access token. `_id` is the SHA-256 of the secret, which is never stored. */
export interface AccessTokenState {
  /** Public id, to list and revoke the token without knowing its secret. */
  id: string;
  userId: string;
  createdAt: Date;
  revokedAt: Date | null;
  /** After this instant the token no longer authenticates; null: it lasts until revoked. */
  expiresAt: Date | null;
}

export type AccessToken = Stored<AccessTokenState>;

export const AccessTokenSchema = new Schema<AccessToken>(
  {
    _id: { type: String, required: true },
    version: { type: Number, required: true },
    id: { type: String, required: true },
    userId: { type: String, required: true },
    createdAt: { type: Date, required: true },
    revokedAt: { type: Date, default: null },
    expiresAt: { type: Date, default: null },
  },
  { versionKey: false, collection: 'access_tokens' },
);
AccessTokenSchema.index({ userId: 1 });
AccessTokenSchema.index({ id: 1 }, { unique: true });
