import { DomainError, Page, PageRequest } from '@connect/contracts';

export const DEFAULT_PAGE_SIZE = 50;

const encode = (key: string) => Buffer.from(key, 'utf8').toString('base64url');

/** The newest-first page after `cursor` (the key of the last item of the previous page), by a key unique per item. */
export function newestFirst<T>(items: T[], key: (item: T) => string, { limit = DEFAULT_PAGE_SIZE, cursor }: PageRequest): Page<T> {
  let after: string | undefined;
  if (cursor !== undefined) {
    after = Buffer.from(cursor, 'base64url').toString('utf8');
    if (!after || encode(after) !== cursor) throw new DomainError('VALIDATION_FAILED', 'cursor: not a cursor this list returned');
  }
  const rest = [...items].sort((a, b) => (key(a) < key(b) ? 1 : key(a) > key(b) ? -1 : 0)).filter((item) => after === undefined || key(item) < after);
  const page = rest.slice(0, limit);
  return { items: page, nextCursor: rest.length > limit ? encode(key(page[page.length - 1])) : null };
}
