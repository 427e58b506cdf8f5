import { DomainError, Page, PageRequest } from '@connect/contracts';

export const DEFAULT_PAGE_SIZE = 50;

function encodeCursor(key: string): string {
  return Buffer.from(key, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): string {
  const key = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!key || encodeCursor(key) !== cursor) throw new DomainError('VALIDATION_FAILED', 'cursor: not a cursor this list returned');
  return key;
}

/**
 * One page of `items` ordered by `key` (unique per item); the cursor is the
 * key of the last item returned, so pages stay stable while items are added.
 */
export function pageOf<T>(items: T[], key: (item: T) => string, order: 'asc' | 'desc', { limit = DEFAULT_PAGE_SIZE, cursor }: PageRequest): Page<T> {
  const sign = order === 'asc' ? 1 : -1;
  const compare = (a: string, b: string) => sign * (a < b ? -1 : a > b ? 1 : 0);
  const after = cursor === undefined ? undefined : decodeCursor(cursor);
  const rest = [...items].sort((a, b) => compare(key(a), key(b))).filter((item) => after === undefined || compare(key(item), after) > 0);
  const page = rest.slice(0, limit);
  return { items: page, nextCursor: rest.length > limit ? encodeCursor(key(page[page.length - 1])) : null };
}

/** The connection list's cursor: the request time and id of the last connection given (issue 15, finding 8). */
export function encodeListPosition(position: { requestedAt: string; id: string }): string {
  return encodeCursor(JSON.stringify([position.requestedAt, position.id]));
}

export function decodeListPosition(cursor: string): { requestedAt: string; id: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(decodeCursor(cursor));
  } catch {
    parsed = null;
  }
  if (!Array.isArray(parsed) || parsed.length !== 2 || !parsed.every((part) => typeof part === 'string')) {
    throw new DomainError('VALIDATION_FAILED', 'cursor: not a cursor this list returned');
  }
  return { requestedAt: parsed[0], id: parsed[1] };
}
