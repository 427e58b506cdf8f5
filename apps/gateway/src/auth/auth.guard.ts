import { HealthController, MetricsController } from '@connect/platform';
import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Authenticator } from './authenticator';
import { AuthenticatedRequest } from './principal';
import { IS_PUBLIC } from './public.decorator';

/**
 * Global guard: every HTTP route needs a bearer token, except health and
 * metrics (the platform's controllers, for the operator's probes) and routes marked @Public(). The docs are served
 * outside the router and need none either.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: Authenticator,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    if (context.getClass() === HealthController || context.getClass() === MetricsController) return true;
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()])) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    request.principal = await this.authenticator.authenticate(request.headers.authorization);
    return true;
  }
}
