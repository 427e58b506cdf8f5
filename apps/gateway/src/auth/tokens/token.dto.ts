import { ApiProperty } from '@nestjs/swagger';

export class TokenDto {
  @ApiProperty({ description: 'Public id of the token (not the secret)', format: 'uuid' }) id!: string;
  @ApiProperty() userId!: string;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) revokedAt!: string | null;
}

export class CreatedTokenDto extends TokenDto {
  @ApiProperty({ description: 'The bearer token. Shown once: only its hash is stored.', example: 'pc_…' }) token!: string;
}

export class TokenListDto {
  @ApiProperty({ type: [TokenDto] }) items!: TokenDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Always null: a user has few tokens' }) nextCursor!: string | null;
}
