import { ApiError } from '../api/client';

/**
 * Every refusal in words. Connection rules (PRODUCT.md C1–C14) and drawing rules (D1–D6) have a
 * sentence each; a missing permission (C1) is named from the refusal's `details.missing`.
 */
const SENTENCES: Record<string, string> = {
  CONNECTION_SELF: 'A project cannot connect to itself. Choose another upstream project.', // C2
  CONNECTION_ALREADY_EXISTS: 'This project already has an upstream project: a downstream project can connect to only one upstream project.', // C3
  CONNECTION_GOVCLOUD: 'GovCloud accounts cannot take part in a project connection.', // C4
  CONNECTION_TOO_MANY_REVISIONS: 'Projects with more than 100,000 drawing revisions cannot be connected.', // C5
  CONNECTION_BETA_REQUIRED: 'Your company must opt in to the Connectability beta before its projects can connect to an upstream project.', // C6
  CONNECTION_FEATURES_INVALID: 'Select at least one feature for this connection.', // C7
  CONNECTION_TERMS_NOT_ACCEPTED: 'Accept the terms of disconnection to disconnect.', // C10
  CONNECTION_REASON_REQUIRED: 'Give a reason for disconnecting.', // C10
  CONNECTION_DOWNSTREAM_DISCONNECTED:
    'This project was disconnected from its upstream project, so it can never connect again: not to that project, not to any other.', // C11
  CONNECTION_CHAIN: 'A project that is downstream of one project cannot be upstream of another, and the other way round: connections cannot form a chain.', // C13
  CONNECTION_UNDO_EXPIRED: 'The time to undo this has passed.', // C14
  CONNECTION_UNDO_NOT_ALLOWED: 'Under automatic approval only the downstream project can undo a connection.', // C14
  CONNECTION_INVALID_STATE: 'This connection has changed in the meantime and no longer allows that. Its current status is shown.', // C8, C10
  CONNECTION_NOT_ACTIVE: 'This connection is no longer active: nothing more is copied or updated.', // S6
  CONNECTION_NOT_FOUND: 'This connection does not exist, or you are not a member of either of its projects.',
  PROJECT_NOT_FOUND: 'This project does not exist, or you are not a member of it.',
  CONCURRENT_MODIFICATION: 'Someone changed this at the same moment. Try again.',
  UNAUTHENTICATED: 'Your personal access token was not accepted. Sign in again.',
  SERVICE_UNAVAILABLE: 'The service is not available at the moment. Try again in a little while.',
  FILE_TOO_LARGE: 'This file is larger than the project allows.', // D2
  FILE_TYPE_UNSUPPORTED: 'Only PDF, PNG, JPEG or TIFF files can be uploaded as drawings.', // D2
  DRAWING_NUMBER_TAKEN: 'Another drawing of this project already has this number.',
  DRAWING_CONNECTED_READ_ONLY: 'This drawing is copied from its upstream project: its synced details can only change there.', // D6
  MARKUP_LIMIT_REACHED: 'This drawing revision has the most markups allowed.',
  TOO_MANY_UPLOADS: 'Several of your uploads are still in progress: this one can start when one of them has finished.',
  DRAWING_NOT_FOUND: 'This drawing does not exist, or it was deleted.',
  REVISION_NOT_FOUND: 'This drawing revision does not exist, or it was deleted.',
};

/** "Connection Manager admin on the downstream project" → a sentence naming what is missing. */
function missingPermissions(details: unknown): string | undefined {
  const missing = (details as { missing?: unknown } | undefined)?.missing;
  if (!Array.isArray(missing) || missing.length === 0) return undefined;
  const items = missing.map(String);
  const list = items.length === 1 ? items[0] : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
  return `You do not have the permissions this needs. Missing: ${list}.`;
}

export function refusalText(error: unknown): string {
  if (!(error instanceof ApiError)) return error instanceof Error ? `Something went wrong: ${error.message}` : 'Something went wrong.';
  if (error.code === 'PERMISSION_REQUIRED' || error.code === 'FORBIDDEN') {
    return missingPermissions(error.details) ?? `You do not have the permission this needs: ${error.message}`;
  }
  if (error.code === 'VALIDATION_FAILED') return `Check what you entered: ${error.message}`;
  return SENTENCES[error.code] ?? error.message;
}

export const REFUSAL_CODES = Object.keys(SENTENCES);
