import { NotificationKind } from '@connect/contracts';

/** Who a notice can go to: a project's Connection Manager distribution list (N1), or the downstream Drawings admins. */
export type Audience = 'upstream-list' | 'downstream-list' | 'downstream-drawings-admins';

/** N2, exactly PRODUCT.md's table (the request is told only under manual approval: see NoticeEventsHandler). */
export const N2_AUDIENCES: Readonly<Record<NotificationKind, readonly Audience[]>> = {
  'connection.requested': ['upstream-list'],
  'connection.established': ['upstream-list', 'downstream-list'],
  'connection.rejected': ['downstream-list'],
  'connection.cancelled': ['upstream-list'],
  'connection.disconnected': ['upstream-list', 'downstream-list'],
  'connection.undone': ['upstream-list', 'downstream-list'],
  'sync.revisions.ready': ['downstream-drawings-admins'],
  'sync.copy.finished': ['downstream-drawings-admins'],
};

/** Every address once (lower-cased), whatever the number of lists it is on (N3), sorted. */
export function recipientsOf(lists: string[][]): string[] {
  return [...new Set(lists.flat().map((e) => e.trim().toLowerCase()))].sort();
}
