import { Actor, DRAWINGS_LEVELS, DomainError, DrawingsLevel, levelRank, membershipOf } from '@connect/contracts';

/** What a Drawings permission level allows (D1). */
export const DRAWINGS_RULES = {
  /** See published revisions, the register, and markups; add markups (D5). */
  read: 'read_only',
  /** Upload new (unpublished) revisions. */
  upload: 'standard',
  /** See unpublished revisions; publish, delete, edit metadata, create areas, disciplines, sets. */
  manage: 'admin',
} as const satisfies Record<string, DrawingsLevel>;

export type DrawingsAction = keyof typeof DRAWINGS_RULES;

/** The actor's Drawings level on the project; null when not a member (then the project does not exist for them). */
export function drawingsLevelOf(actor: Actor, projectId: string): DrawingsLevel | null {
  return membershipOf(actor, projectId)?.drawings ?? null;
}

export function may(actor: Actor, projectId: string, action: DrawingsAction): boolean {
  const level = drawingsLevelOf(actor, projectId);
  return level !== null && levelRank(DRAWINGS_LEVELS, level) >= levelRank(DRAWINGS_LEVELS, DRAWINGS_RULES[action]);
}

/**
 * Refuses what the actor's level does not allow: 404 for a project they are
 * not a member of (tenant safety: it does not exist for them), 403 naming
 * the level needed otherwise.
 */
export function requireDrawings(actor: Actor, projectId: string, action: DrawingsAction): void {
  const level = drawingsLevelOf(actor, projectId);
  if (level === null) throw new DomainError('PROJECT_NOT_FOUND', `project ${projectId} not found`);
  if (!may(actor, projectId, action)) {
    const needed = DRAWINGS_RULES[action];
    throw new DomainError('PERMISSION_REQUIRED', `Drawings permission "${needed}" is required (you have "${level}")`, {
      tool: 'drawings',
      required: needed,
      actual: level,
    });
  }
}
