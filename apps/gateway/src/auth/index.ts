export type { Principal, AuthenticatedRequest } from './principal';
export { principalId } from './principal';
export { Public } from './public.decorator';
export { CurrentActor, CurrentPrincipal } from './current-principal.decorator';
export { requireMembership } from './require-membership';
export { isCompanyAdmin } from './authorization';
export { AuthModule } from './auth.module';
