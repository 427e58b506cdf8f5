import { Schema } from 'mongoose';
import { Stored } from '../../common/versioned-store';

export const USER_MODEL = 'User';

export interface UserState {
  /** Lower-cased: one account per address whatever its spelling. */
  email: string;
  name: string;
  createdAt: Date;
  /** Who created the user (a user id, or `operator`): they see the user until the user is at a company. */
  createdBy?: string;
}

export type User = Stored<UserState>;

export const UserSchema = new Schema<User>(
  {
    _id: { type: String, required: true },
    version: { type: Number, required: true },
    email: { type: String, required: true },
    name: { type: String, required: true },
    createdAt: { type: Date, required: true },
    createdBy: { type: String },
  },
  { versionKey: false, collection: 'users' },
);
// The unique index decides races between two sign-ups of one address (an insert hitting it is atomic on FerretDB too).
UserSchema.index({ email: 1 }, { unique: true });
