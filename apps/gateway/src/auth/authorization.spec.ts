import { Actor, DomainError } from '@connect/contracts';
import { isCompanyAdmin, requireCompanyAdmin, requireOperator, requireSomeCompanyAdmin } from './authorization';
import { OPERATOR, Principal } from './principal';
import { requireMembership } from './require-membership';

const actor: Actor = {
  userId: 'u1',
  email: 'ana@x.test',
  name: 'Ana',
  companies: [
    { companyId: 'c-admin', admin: true },
    { companyId: 'c-user', admin: false },
  ],
  memberships: [{ projectId: 'p1', companyId: 'c-admin', connectionManager: 'admin', drawings: 'read_only' }],
};
const user: Principal = { kind: 'user', actor };
const plain: Principal = { kind: 'user', actor: { ...actor, userId: 'u2', companies: [{ companyId: 'c-user', admin: false }] } };

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
    return undefined;
  } catch (err) {
    return (err as DomainError).code;
  }
}

describe('directory authorization', () => {
  it('company admin: the operator, or an admin of that very company', () => {
    expect(isCompanyAdmin(OPERATOR, 'anything')).toBe(true);
    expect(isCompanyAdmin(user, 'c-admin')).toBe(true);
    expect(isCompanyAdmin(user, 'c-user')).toBe(false);
    expect(isCompanyAdmin(user, 'c-other')).toBe(false);
    expect(codeOf(() => requireCompanyAdmin(user, 'c-other', 'x'))).toBe('FORBIDDEN');
    expect(codeOf(() => requireCompanyAdmin(user, 'c-admin', 'x'))).toBeUndefined();
  });

  it('creating companies is for the operator only', () => {
    expect(codeOf(() => requireOperator(OPERATOR, 'x'))).toBeUndefined();
    expect(codeOf(() => requireOperator(user, 'x'))).toBe('FORBIDDEN');
  });

  it('creating users: the operator or an admin of any company', () => {
    expect(codeOf(() => requireSomeCompanyAdmin(OPERATOR, 'x'))).toBeUndefined();
    expect(codeOf(() => requireSomeCompanyAdmin(user, 'x'))).toBeUndefined();
    expect(codeOf(() => requireSomeCompanyAdmin(plain, 'x'))).toBe('FORBIDDEN');
  });

  it('requireMembership: the membership, or 404 PROJECT_NOT_FOUND for a project the actor is not in (tenant safety)', () => {
    expect(requireMembership(actor, 'p1')).toMatchObject({ projectId: 'p1', connectionManager: 'admin' });
    expect(codeOf(() => requireMembership(actor, 'p-other'))).toBe('PROJECT_NOT_FOUND');
  });
});
