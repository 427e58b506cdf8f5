import { Page } from '@connect/contracts';
import { Model } from 'mongoose';
import { DEFAULT_PAGE_SIZE, decodeCursor, encodeCursor } from '../domain/cursor';

/** Equality conditions on indexed fields (the only ones FerretDB serves from an index). */
export type Filter = Record<string, unknown>;

/** One page of `filter` in `_id` order (see cursor.ts for why this order). */
export async function pageQuery<T extends { _id: string }>(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  model: Model<any>,
  filter: Filter,
  request: { limit?: number; cursor?: string },
): Promise<Page<T>> {
  const limit = request.limit ?? DEFAULT_PAGE_SIZE;
  const after = decodeCursor(request.cursor);
  const query: Filter = after === null ? filter : { ...filter, _id: { $gt: after } };
  const rows = await model
    .find(query)
    .sort({ _id: 1 })
    .limit(limit + 1)
    .lean<T[]>()
    .exec();
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? encodeCursor(items[items.length - 1]._id) : null };
}
