import { compareRevisionNumbers } from './revision-order';

export interface RankedRevision {
  _id: string;
  revisionNumber: string;
  published: boolean;
  connected: boolean;
}

/** Highest first by revision number; equal numbers by id, so the choice is deterministic. */
function compareRevisions(a: RankedRevision, b: RankedRevision): number {
  return compareRevisionNumbers(a.revisionNumber, b.revisionNumber) || (a._id < b._id ? -1 : a._id > b._id ? 1 : 0);
}

/** A drawing's current revision: its highest published revision (PRODUCT.md), or null. */
export function currentRevisionOf<R extends RankedRevision>(revisions: readonly R[]): R | null {
  let best: R | null = null;
  for (const r of revisions) if (r.published && (!best || compareRevisions(r, best) > 0)) best = r;
  return best;
}

/**
 * D6: a connected revision newer than the current one waits for review
 * (unpublished), or the drawing has none published yet.
 */
export function connectedUpdateAvailable(revisions: readonly RankedRevision[]): boolean {
  const current = currentRevisionOf(revisions);
  return revisions.some((r) => r.connected && !r.published && (!current || compareRevisions(r, current) > 0));
}
