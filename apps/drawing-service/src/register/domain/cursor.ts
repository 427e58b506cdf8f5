import { DomainError } from '@connect/contracts';

/**
 * Lists page in `_id` order: the cursor is the last id of the previous page,
 * opaque to clients (base64url of `{"after": id}`). Ids are uuids (random, or
 * uuidFromKey's), so the order is arbitrary but stable, which is all a cursor
 * walk needs. The register reads buckets by id prefix (id-buckets.ts); the
 * other lists still query `_id > after`, sorted and limited (pagination.ts),
 * which FerretDB runs in its memory over the project's matching documents.
 */
export function encodeCursor(lastId: string): string {
  return Buffer.from(JSON.stringify({ after: lastId })).toString('base64url');
}

/** The keys lists give out: a lower-case uuid (randomUUID, uuidFromKey), or a revision list's `drawingId/_id`. */
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const ID = new RegExp(`^${UUID}(/${UUID})?$`);

export function decodeCursor(cursor: string | undefined): string | null {
  if (!cursor) return null;
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { after?: unknown };
    if (typeof parsed.after === 'string' && ID.test(parsed.after)) return parsed.after;
  } catch {
    // falls through to the refusal below
  }
  throw new DomainError('VALIDATION_FAILED', 'cursor is not one this list gave out');
}

export const DEFAULT_PAGE_SIZE = 50;
