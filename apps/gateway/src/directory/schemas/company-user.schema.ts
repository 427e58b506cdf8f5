import { Schema } from 'mongoose';
import { Stored } from '../../common/versioned-store';

export const COMPANY_USER_MODEL = 'CompanyUser';

/** A user at a company; `_id` = `<companyId>:<userId>`, so there is one per pair by construction. */
export interface CompanyUserState {
  companyId: string;
  userId: string;
  /** A company admin manages the company's settings, projects, users and project members. */
  admin: boolean;
}

export type CompanyUser = Stored<CompanyUserState>;

export const companyUserId = (companyId: string, userId: string): string => `${companyId}:${userId}`;

export const CompanyUserSchema = new Schema<CompanyUser>(
  {
    _id: { type: String, required: true },
    version: { type: Number, required: true },
    companyId: { type: String, required: true },
    userId: { type: String, required: true },
    admin: { type: Boolean, required: true },
  },
  { versionKey: false, collection: 'company_users' },
);
CompanyUserSchema.index({ userId: 1 });
CompanyUserSchema.index({ companyId: 1 });
