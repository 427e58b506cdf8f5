import { Actor } from '@connect/contracts';
import type { Request } from 'express';

/** Who called: the operator (ADMIN_TOKEN) or a user with all their memberships. */
export type Principal = { kind: 'operator' } | { kind: 'user'; actor: Actor };

export const OPERATOR: Principal = Object.freeze({ kind: 'operator' });

/** A request the AuthGuard let through carries its principal. */
export interface AuthenticatedRequest extends Request {
  principal?: Principal;
}

/** Names the principal in audit trails: a user id, or `operator`. */
export function principalId(principal: Principal): string {
  return principal.kind === 'operator' ? 'operator' : principal.actor.userId;
}
