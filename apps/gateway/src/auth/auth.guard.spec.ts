import { DomainError } from '@connect/contracts';
import { HealthController } from '@connect/platform';
import { Controller, ExecutionContext, Get } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from './auth.guard';
import { Authenticator } from './authenticator';
import { AuthenticatedRequest, OPERATOR } from './principal';
import { Public } from './public.decorator';

@Controller('things')
class ThingsController {
  @Get() list() {
    return [];
  }
  @Public() @Get('open') open() {
    return [];
  }
}

function contextOf(cls: object, handler: (...args: never[]) => unknown, req: Partial<AuthenticatedRequest>, type = 'http'): ExecutionContext {
  return {
    getType: () => type,
    getClass: () => cls,
    getHandler: () => handler,
    switchToHttp: () => ({ getRequest: () => req }),
  } as unknown as ExecutionContext;
}

describe('AuthGuard', () => {
  const authenticate = jest.fn();
  const guard = new AuthGuard(new Reflector(), { authenticate } as unknown as Authenticator);
  beforeEach(() => authenticate.mockReset());

  it('authenticates every route and puts the principal on the request', async () => {
    authenticate.mockResolvedValue(OPERATOR);
    const req: Partial<AuthenticatedRequest> = { headers: { authorization: 'Bearer x' } };
    await expect(guard.canActivate(contextOf(ThingsController, ThingsController.prototype.list, req))).resolves.toBe(true);
    expect(authenticate).toHaveBeenCalledWith('Bearer x');
    expect(req.principal).toBe(OPERATOR);
  });

  it('lets the 401 of the authenticator through', async () => {
    authenticate.mockRejectedValue(new DomainError('UNAUTHENTICATED', 'a bearer token is required'));
    const ctx = contextOf(ThingsController, ThingsController.prototype.list, { headers: {} });
    await expect(guard.canActivate(ctx)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('lets health and @Public() routes through without a token', async () => {
    await expect(guard.canActivate(contextOf(HealthController, HealthController.prototype.live, { headers: {} }))).resolves.toBe(true);
    await expect(guard.canActivate(contextOf(ThingsController, ThingsController.prototype.open, { headers: {} }))).resolves.toBe(true);
    expect(authenticate).not.toHaveBeenCalled();
  });

  it('leaves non-HTTP contexts alone (broker handlers carry the actor in their payload)', async () => {
    await expect(guard.canActivate(contextOf(ThingsController, ThingsController.prototype.list, {}, 'rpc'))).resolves.toBe(true);
    expect(authenticate).not.toHaveBeenCalled();
  });
});
