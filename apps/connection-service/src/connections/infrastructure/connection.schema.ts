import { CONNECTION_APPROVAL_MODES, CONNECTION_STATUSES } from '@connect/contracts';
import { Schema } from 'mongoose';
import { ConnectionState } from '../domain/connection';

export const CONNECTION_MODEL = 'Connection';

/**
 * The current state of a connection (the read model ChangeLog keeps). The
 * project ids are repeated at the top level because FerretDB serves only
 * top-level equality filters from an index, and C12 lists by project.
 */
export interface ConnectionDocument extends ConnectionState {
  _id: string;
  version: number;
  downstreamProjectId: string;
  upstreamProjectId: string;
}

const SideSchema = new Schema(
  { companyId: { type: String, required: true }, companyName: { type: String, required: true }, projectId: { type: String, required: true }, projectName: { type: String, required: true } },
  { _id: false },
);

const optional = { type: String, default: null };

export const ConnectionSchema = new Schema<ConnectionDocument>(
  {
    _id: { type: String, required: true },
    version: { type: Number, required: true },
    status: { type: String, enum: CONNECTION_STATUSES, required: true },
    features: { type: [String], required: true },
    upstream: { type: SideSchema, required: true },
    downstream: { type: SideSchema, required: true },
    approval: { type: String, enum: CONNECTION_APPROVAL_MODES, required: true },
    requestedBy: { type: String, required: true },
    requestedAt: { type: String, required: true },
    decidedBy: optional,
    decidedAt: optional,
    rejectReason: optional,
    cancelledBy: optional,
    cancelledAt: optional,
    disconnectedBy: optional,
    disconnectedAt: optional,
    disconnectReason: optional,
    undoneBy: optional,
    undoneAt: optional,
    undoableUntil: optional,
    approvalUndoableUntil: optional,
    downstreamProjectId: { type: String, required: true },
    upstreamProjectId: { type: String, required: true },
  },
  { versionKey: false, minimize: false, collection: 'connections' },
);
ConnectionSchema.index({ downstreamProjectId: 1 });
ConnectionSchema.index({ upstreamProjectId: 1 });
