import { DomainError } from '@connect/contracts';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DirectoryService } from '../../directory/directory.service';
import { requireSelfOrOperator } from '../authorization';
import { Principal, principalId } from '../principal';
import { generateToken, hashToken } from '../token-secret';
import { CreatedTokenDto, TokenDto } from './token.dto';
import { AccessToken } from './token.schema';
import { TokenRepository } from './token.repository';

function toDto(t: AccessToken): TokenDto {
  return { id: t.id, userId: t.userId, createdAt: t.createdAt.toISOString(), revokedAt: t.revokedAt?.toISOString() ?? null };
}

/** Personal access tokens: issued to the operator's or the user's own request, listed without secrets, revoked. */
@Injectable()
export class TokensService {
  constructor(
    private readonly tokens: TokenRepository,
    private readonly directory: DirectoryService,
  ) {}

  async issue(principal: Principal, userId: string): Promise<CreatedTokenDto> {
    await this.authorize(principal, userId, 'create tokens for this user');
    const token = generateToken();
    const saved = await this.tokens.create(hashToken(token), { id: randomUUID(), userId, createdAt: new Date(), revokedAt: null }, principalId(principal));
    return { ...toDto(saved), token };
  }

  async list(principal: Principal, userId: string): Promise<TokenDto[]> {
    await this.authorize(principal, userId, "list this user's tokens");
    return (await this.tokens.ofUser(userId)).map(toDto);
  }

  /** Revoking twice is harmless: the token stays revoked since the first time. */
  async revoke(principal: Principal, userId: string, tokenId: string): Promise<void> {
    await this.authorize(principal, userId, "revoke this user's tokens");
    const token = (await this.tokens.ofUser(userId)).find((t) => t.id === tokenId);
    if (!token) throw new DomainError('TOKEN_NOT_FOUND', `token ${tokenId} of user ${userId} not found`);
    if (token.revokedAt) return;
    await this.tokens.revoke(token, principalId(principal));
  }

  private async authorize(principal: Principal, userId: string, action: string): Promise<void> {
    requireSelfOrOperator(principal, userId, action);
    if (!(await this.directory.userExists(userId))) throw new DomainError('USER_NOT_FOUND', `user ${userId} not found`);
  }
}
