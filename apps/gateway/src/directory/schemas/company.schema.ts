import { ConnectionApprovalMode } from '@connect/contracts';
import { Schema } from 'mongoose';
import { Stored } from '../../common/versioned-store';

export const COMPANY_MODEL = 'Company';

export interface CompanySettings {
  connectionApproval: ConnectionApprovalMode;
  connectBeta: boolean;
}

export interface CompanyState {
  name: string;
  govCloud: boolean;
  settings: CompanySettings;
  createdAt: Date;
}

export type Company = Stored<CompanyState>;

export const CompanySchema = new Schema<Company>(
  {
    _id: { type: String, required: true },
    version: { type: Number, required: true },
    name: { type: String, required: true },
    govCloud: { type: Boolean, required: true },
    settings: {
      connectionApproval: { type: String, required: true },
      connectBeta: { type: Boolean, required: true },
    },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'companies' },
);
