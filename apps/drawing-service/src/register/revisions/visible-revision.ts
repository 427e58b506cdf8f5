import { Actor, DomainError } from '@connect/contracts';
import { may, requireDrawings } from '../domain/access';
import { RevisionState } from '../schemas/revision.schema';
import { Entity } from '../store/entity-store';
import { RegisterStore } from '../store/register.store';

/** A revision the actor may see (read_only+); an unpublished one exists only for Drawings admins (D1). */
export async function visibleRevision(store: RegisterStore, actor: Actor, projectId: string, revisionId: string): Promise<Entity<RevisionState>> {
  requireDrawings(actor, projectId, 'read');
  const revision = await store.revisions.get(projectId, revisionId);
  if (!revision.published && !may(actor, projectId, 'manage')) throw new DomainError('REVISION_NOT_FOUND', `revision ${revisionId} not found`);
  return revision;
}
