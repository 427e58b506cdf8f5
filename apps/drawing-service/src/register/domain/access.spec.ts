import { Actor, DomainError, DrawingsLevel } from '@connect/contracts';
import { DrawingsAction, may, requireDrawings } from './access';

const actorWith = (drawings: DrawingsLevel): Actor => ({
  userId: 'u1',
  email: 'u1@example.com',
  name: 'U One',
  companies: [{ companyId: 'c1', admin: false }],
  memberships: [{ projectId: 'p1', companyId: 'c1', connectionManager: 'none', drawings }],
});

function refusal(fn: () => void): string | null {
  try {
    fn();
    return null;
  } catch (err) {
    return (err as DomainError).code;
  }
}

describe('D1 Drawings permissions', () => {
  const table: [DrawingsLevel, Record<DrawingsAction, boolean>][] = [
    ['none', { read: false, upload: false, manage: false }],
    ['read_only', { read: true, upload: false, manage: false }],
    ['standard', { read: true, upload: true, manage: false }],
    ['admin', { read: true, upload: true, manage: true }],
  ];

  it.each(table)('%s may %j', (level, allowed) => {
    for (const [action, ok] of Object.entries(allowed) as [DrawingsAction, boolean][]) {
      expect(may(actorWith(level), 'p1', action)).toBe(ok);
      expect(refusal(() => requireDrawings(actorWith(level), 'p1', action))).toBe(ok ? null : 'PERMISSION_REQUIRED');
    }
  });

  it('names the level needed in the refusal', () => {
    expect(() => requireDrawings(actorWith('read_only'), 'p1', 'manage')).toThrow(/"admin"/);
  });

  it('a project the actor is not a member of does not exist for them (404, tenant safety)', () => {
    expect(refusal(() => requireDrawings(actorWith('admin'), 'other-project', 'read'))).toBe('PROJECT_NOT_FOUND');
    expect(may(actorWith('admin'), 'other-project', 'read')).toBe(false);
  });
});
