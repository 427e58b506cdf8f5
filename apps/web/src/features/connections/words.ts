import type { AuditEntry, Connection } from './api';

const STATUS: Record<Connection['status'], string> = {
  pending: 'Pending',
  active: 'Active',
  rejected: 'Rejected',
  cancelled: 'Cancelled',
  disconnected: 'Disconnected',
  undone: 'Undone',
};

export const statusText = (status: Connection['status']): string => STATUS[status] ?? status;

/** This project's role in the connection, in words. */
export const roleText = (role: 'upstream' | 'downstream'): string =>
  role === 'upstream' ? 'Upstream: this project shares its drawings' : 'Downstream: this project receives drawings';

const AUDIT: Record<AuditEntry['kind'], string> = {
  requested: 'Connection requested',
  approved: 'Connection approved',
  rejected: 'Request rejected',
  cancelled: 'Request cancelled',
  disconnected: 'Projects disconnected',
  undone: 'Connection undone',
  'approval-undone': 'Approval undone',
};

export const auditText = (kind: AuditEntry['kind']): string => AUDIT[kind] ?? kind;
