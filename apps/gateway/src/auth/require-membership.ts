import { Actor, ActorMembership, DomainError, membershipOf } from '@connect/contracts';

/**
 * The actor's membership of a project. A project the actor is not a member
 * of does not exist for them (tenant safety): 404 PROJECT_NOT_FOUND, the same
 * answer as for an unknown id, so ids of other tenants reveal nothing.
 */
export function requireMembership(actor: Actor, projectId: string): ActorMembership {
  const membership = membershipOf(actor, projectId);
  if (!membership) throw new DomainError('PROJECT_NOT_FOUND', `project ${projectId} not found`);
  return membership;
}
