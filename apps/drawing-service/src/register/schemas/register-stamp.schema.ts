import { Schema } from 'mongoose';

/**
 * A project's register stamp (register-stamps.ts): a fresh random value written after every change
 * of its register. Not a counter and not named `version`: it is overwritten whole, without a guard.
 */
export interface RegisterStamp {
  /** The project id. */
  _id: string;
  stamp: string;
}

export const RegisterStampSchema = new Schema<RegisterStamp>(
  {
    _id: { type: String, required: true },
    stamp: { type: String, required: true },
  },
  { versionKey: false },
);
