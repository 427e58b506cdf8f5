import { DomainError } from '@connect/contracts';
import { Injectable } from '@nestjs/common';
import { GatewayConfig } from '../config';
import { DirectoryService } from '../directory/directory.service';
import { OPERATOR, Principal } from './principal';
import { hashToken, isUserTokenShape, secretsEqual } from './token-secret';
import { TokenRepository } from './tokens/token.repository';

const unauthenticated = (message: string) => new DomainError('UNAUTHENTICATED', message);

/**
 * `Bearer <token>` → the principal, from the directory cache (a few `_id`/equality lookups on a
 * miss); 401 UNAUTHENTICATED otherwise. Expiry is checked on every request, cached or not.
 */
@Injectable()
export class Authenticator {
  constructor(
    private readonly config: GatewayConfig,
    private readonly tokens: TokenRepository,
    private readonly directory: DirectoryService,
  ) {}

  async authenticate(authorization: string | undefined): Promise<Principal> {
    const token = bearerToken(authorization);
    if (secretsEqual(token, this.config.ADMIN_TOKEN)) return OPERATOR;
    if (!isUserTokenShape(token)) throw unauthenticated('invalid token');
    const record = await this.tokens.forAuthentication(hashToken(token));
    if (!record) throw unauthenticated('invalid token');
    if (record.revokedAt) throw unauthenticated('token revoked');
    if (record.expiresAt && record.expiresAt.getTime() <= Date.now()) throw unauthenticated('token expired');
    const actor = await this.directory.actor(record.userId);
    if (!actor) throw unauthenticated('invalid token');
    return { kind: 'user', actor };
  }
}

export function bearerToken(authorization: string | undefined): string {
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(authorization ?? '');
  if (!match) throw unauthenticated(authorization ? 'the Authorization header must be "Bearer <token>"' : 'a bearer token is required');
  return match[1];
}
