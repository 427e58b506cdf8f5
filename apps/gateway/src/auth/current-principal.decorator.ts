import { Actor, DomainError } from '@connect/contracts';
import { ExecutionContext, createParamDecorator } from '@nestjs/common';
import { AuthenticatedRequest, Principal } from './principal';

function principalOf(ctx: ExecutionContext): Principal {
  const principal = ctx.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  // Only reachable on a @Public() route: a programming error, reported as the client would see it.
  if (!principal) throw new DomainError('UNAUTHENTICATED', 'a bearer token is required');
  return principal;
}

/** The authenticated caller: `{kind: 'operator'}` or `{kind: 'user', actor}`. */
export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => principalOf(ctx));

/** The calling user with all their memberships. The operator acts for no user: 403 FORBIDDEN. */
export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  const principal = principalOf(ctx);
  if (principal.kind !== 'user') throw new DomainError('FORBIDDEN', 'this endpoint acts for a user: call it with a user token, not the operator token');
  return principal.actor;
});
