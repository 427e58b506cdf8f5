import { IsInt, IsISO8601, IsOptional, IsString, Min } from 'class-validator';
import { defineEvent } from '../core/message-definition';

/**
 * A personal access token's whole current state, after it was issued or revoked: the gateways'
 * authentication caches drop it at once (issue 17). Never carries the secret nor its hash.
 */
export class AccessTokenChangedPayload {
  /** The token's public id. */
  @IsString() tokenId!: string;
  @IsString() userId!: string;
  @IsISO8601() createdAt!: string;
  /** null while the token authenticates. */
  @IsOptional() @IsISO8601() revokedAt!: string | null;
  /** null: it lasts until revoked. */
  @IsOptional() @IsISO8601() expiresAt!: string | null;
  /** Monotonic per token: apply only if newer than the replica's. */
  @IsInt() @Min(1) version!: number;
}

export const DirectoryAccessTokenChangedV1 = defineEvent('directory.access-token.changed', 1, AccessTokenChangedPayload);
