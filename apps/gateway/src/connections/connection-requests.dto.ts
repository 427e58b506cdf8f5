import { MAX_PAGE_SIZE } from '@connect/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsArray, IsBoolean, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

export class RequestConnectionDto {
  @ApiProperty({ description: 'The project to receive drawings from' }) @IsString() upstreamProjectId!: string;
  // Any strings here: unknown or missing features are refused by C7 with CONNECTION_FEATURES_INVALID.
  @ApiProperty({ type: [String], example: ['drawings'], description: 'At least one of: drawings (C7)' })
  @IsArray()
  @IsString({ each: true })
  features!: string[];
}

export class RejectConnectionDto {
  @ApiPropertyOptional({ maxLength: 2000 }) @IsOptional() @IsString() @MaxLength(2000) reason?: string;
}

// Both optional here so that C10 refuses a missing one with its own code.
export class DisconnectConnectionDto {
  @ApiProperty({ description: 'Must be true: the terms of disconnection are accepted (C10)' }) @IsOptional() @IsBoolean() acceptTerms?: boolean;
  @ApiProperty({ maxLength: 2000, description: 'Why the projects are disconnected (C10)' }) @IsOptional() @IsString() @MaxLength(2000) reason?: string;
}

export class PageQueryDto {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' }) @IsOptional() @IsString() cursor?: string;
}
