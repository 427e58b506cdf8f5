import { DomainError } from '@connect/contracts';

/**
 * Lists page in `_id` order: the cursor is the last id of the previous page,
 * opaque to clients (base64url). Ids are uuids, so the order is arbitrary
 * but stable, which is all a cursor walk needs. On FerretDB the query is an
 * index-served equality on projectId and the `_id > cursor` / sort / limit
 * run in its memory over that one project's documents.
 */
export function encodeCursor(lastId: string): string {
  return Buffer.from(JSON.stringify({ after: lastId })).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): string | null {
  if (!cursor) return null;
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { after?: unknown };
    if (typeof parsed.after === 'string') return parsed.after;
  } catch {
    // falls through to the refusal below
  }
  throw new DomainError('VALIDATION_FAILED', 'cursor is not one this list gave out');
}

export const DEFAULT_PAGE_SIZE = 50;
