import { Actor, DRAWINGS_LEVELS, DomainError, levelRank, membershipOf } from '@connect/contracts';

export function isUserAt(actor: Actor, companyId: string): boolean {
  return actor.companies.some((c) => c.companyId === companyId);
}

export function isMemberOf(actor: Actor, projectId: string): boolean {
  return membershipOf(actor, projectId) !== undefined;
}

export function isConnectionManagerAdmin(actor: Actor, projectId: string): boolean {
  return membershipOf(actor, projectId)?.connectionManager === 'admin';
}

export function canReadDrawings(actor: Actor, projectId: string): boolean {
  const level = membershipOf(actor, projectId)?.drawings;
  return level !== undefined && levelRank(DRAWINGS_LEVELS, level) >= levelRank(DRAWINGS_LEVELS, 'read_only');
}

/** 403 naming every permission the actor lacks, e.g. "Connection Manager admin on the downstream project". */
export function permissionRequired(missing: string[]): DomainError {
  return new DomainError('PERMISSION_REQUIRED', `Missing permission: ${missing.join('; ')}`, { missing });
}
