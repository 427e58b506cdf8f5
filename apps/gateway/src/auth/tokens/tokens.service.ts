import { retryOnConflict } from '@connect/persistence';
import { DomainError } from '@connect/contracts';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DirectoryService, VisibleUser } from '../../directory/directory.service';
import { Principal, principalId } from '../principal';
import { generateToken, hashToken } from '../token-secret';
import { CreatedTokenDto, CreateTokenDto, TokenDto } from './token.dto';
import { AccessToken } from './token.schema';
import { TokenRepository } from './token.repository';

function toDto(t: AccessToken): TokenDto {
  return { id: t.id, userId: t.userId, createdAt: t.createdAt.toISOString(), revokedAt: t.revokedAt?.toISOString() ?? null, expiresAt: t.expiresAt?.toISOString() ?? null };
}

const forbidden = (message: string) => new DomainError('FORBIDDEN', message);

/**
 * Personal access tokens (API.md: the operator and company admins mint them).
 * A user never mints for themself, so a stolen token cannot outlive its
 * revocation by minting a successor (issue 15, finding 3). A company admin
 * mints only for a user all of whose companies they administer: a token acts
 * everywhere its user is, and no admin may act inside a company not theirs.
 * Listing and revoking are also the user's own (revoking all after a theft).
 */
@Injectable()
export class TokensService {
  constructor(
    private readonly tokens: TokenRepository,
    private readonly directory: DirectoryService,
  ) {}

  async issue(principal: Principal, userId: string, dto: CreateTokenDto): Promise<CreatedTokenDto> {
    const target = await this.directory.visibleUser(principal, userId);
    if (principal.kind === 'user') {
      if (principal.actor.userId === userId) throw forbidden('a token may not mint tokens for its own user: ask the operator or a company admin');
      if (!administersAll(principal, target)) throw forbidden(`only the operator or an admin of every company of user ${userId} may create tokens for them`);
    }
    const token = generateToken();
    const createdAt = new Date();
    const expiresAt = dto.expiresInSeconds === undefined ? null : new Date(createdAt.getTime() + dto.expiresInSeconds * 1000);
    const saved = await this.tokens.create(hashToken(token), { id: randomUUID(), userId, createdAt, revokedAt: null, expiresAt }, principalId(principal));
    return { ...toDto(saved), token };
  }

  async list(principal: Principal, userId: string): Promise<TokenDto[]> {
    await this.authorizeManage(principal, userId, "list this user's tokens");
    return (await this.tokens.ofUser(userId)).map(toDto);
  }

  /** Revoking twice is harmless: the token stays revoked since the first time. */
  async revoke(principal: Principal, userId: string, tokenId: string): Promise<void> {
    await this.authorizeManage(principal, userId, "revoke this user's tokens");
    const token = (await this.tokens.ofUser(userId)).find((t) => t.id === tokenId);
    if (!token) throw new DomainError('TOKEN_NOT_FOUND', `token ${tokenId} of user ${userId} not found`);
    if (token.revokedAt) return;
    await retryOnConflict(() => this.revokeOne(token._id, principal));
  }

  /** Every token of the user stops working at once; idempotent. */
  async revokeAll(principal: Principal, userId: string): Promise<void> {
    await this.authorizeManage(principal, userId, "revoke this user's tokens");
    const live = (await this.tokens.ofUser(userId)).filter((t) => !t.revokedAt);
    await Promise.all(live.map((t) => retryOnConflict(() => this.revokeOne(t._id, principal))));
  }

  /** Re-read on every attempt, so a concurrent revocation of the same token is simply seen. */
  private async revokeOne(hash: string, principal: Principal): Promise<void> {
    const token = await this.tokens.byHash(hash);
    if (token && !token.revokedAt) await this.tokens.revoke(token, principalId(principal));
  }

  /** The operator, the user themself, or an admin of one of the user's companies. */
  private async authorizeManage(principal: Principal, userId: string, action: string): Promise<void> {
    const target = await this.directory.visibleUser(principal, userId);
    if (principal.kind === 'operator' || principal.actor.userId === userId) return;
    if (!principal.actor.companies.some((c) => c.admin && target.companyIds.includes(c.companyId))) {
      throw forbidden(`only the operator, the user or an admin of their company may ${action}`);
    }
  }
}

function administersAll(principal: Principal & { kind: 'user' }, target: VisibleUser): boolean {
  const administered = new Set(principal.actor.companies.filter((c) => c.admin).map((c) => c.companyId));
  return target.companyIds.length > 0 && target.companyIds.every((id) => administered.has(id));
}
