import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/** A token lives at most a year when an expiry is given; without one it lasts until revoked. */
export const TOKEN_MAX_LIFETIME_SECONDS = 366 * 24 * 3600;

export class CreateTokenDto {
  @ApiPropertyOptional({ description: 'The token stops authenticating this many seconds after its creation; omitted: it lasts until revoked', type: 'integer', minimum: 1, maximum: TOKEN_MAX_LIFETIME_SECONDS })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(TOKEN_MAX_LIFETIME_SECONDS)
  expiresInSeconds?: number;
}

export class TokenDto {
  @ApiProperty({ description: 'Public id of the token (not the secret)', format: 'uuid' }) id!: string;
  @ApiProperty() userId!: string;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) revokedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'null: lasts until revoked' }) expiresAt!: string | null;
}

export class CreatedTokenDto extends TokenDto {
  @ApiProperty({ description: 'The bearer token. Shown once: only its hash is stored.', example: 'pc_…' }) token!: string;
}

export class TokenListDto {
  @ApiProperty({ type: [TokenDto] }) items!: TokenDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Always null: a user has few tokens' }) nextCursor!: string | null;
}
