import { DomainError } from '@connect/contracts';
import { Principal } from './principal';

/** The operator, or an admin of that company. */
export function isCompanyAdmin(principal: Principal, companyId: string): boolean {
  return principal.kind === 'operator' || principal.actor.companies.some((c) => c.companyId === companyId && c.admin);
}

export function requireOperator(principal: Principal, action: string): void {
  if (principal.kind !== 'operator') throw new DomainError('FORBIDDEN', `only the operator may ${action}`);
}

export function requireCompanyAdmin(principal: Principal, companyId: string, action: string): void {
  if (!isCompanyAdmin(principal, companyId)) throw new DomainError('FORBIDDEN', `only an admin of company ${companyId} may ${action}`);
}

export function requireSomeCompanyAdmin(principal: Principal, action: string): void {
  if (principal.kind === 'user' && !principal.actor.companies.some((c) => c.admin)) {
    throw new DomainError('FORBIDDEN', `only the operator or a company admin may ${action}`);
  }
}
