import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsDefined, IsISO8601, IsNumber, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { IsBoundedJsonObject, MARKUP_DATA_MAX_BYTES, MARKUP_DATA_MAX_DEPTH, MAX_PAGE_SIZE } from '@connect/contracts';
import { IsName } from '../../common/is-name.decorator';
import { PageQueryDto } from '../../connections/connection-requests.dto';

/* Request bodies and queries of the Drawings endpoints (API.md → Drawings). */

export class CreateAreaDto {
  @ApiProperty() @IsName() name!: string;
  @ApiPropertyOptional({ maxLength: 2000 }) @IsOptional() @IsString() @MaxLength(2000) description?: string;
}

export class UpdateAreaDto {
  @ApiPropertyOptional() @IsOptional() @IsName() name?: string;
  @ApiPropertyOptional({ maxLength: 2000 }) @IsOptional() @IsString() @MaxLength(2000) description?: string;
}

export class CreateDisciplineDto {
  @ApiProperty() @IsName() name!: string;
  @ApiPropertyOptional({ description: 'Sort position; default: after the last one' }) @IsOptional() @IsNumber() position?: number;
}

export class UpdateDisciplineDto {
  @ApiPropertyOptional() @IsOptional() @IsName() name?: string;
  @ApiPropertyOptional() @IsOptional() @IsNumber() position?: number;
}

export class CreateSetDto {
  @ApiProperty() @IsName() name!: string;
  @ApiProperty({ format: 'date', example: '2024-05-01' }) @IsISO8601() date!: string;
}

export class UpdateSetDto {
  @ApiPropertyOptional() @IsOptional() @IsName() name?: string;
  @ApiPropertyOptional({ format: 'date' }) @IsOptional() @IsISO8601() date?: string;
}

export class PublishRevisionsDto {
  @ApiProperty({ type: [String], minItems: 1, maxItems: MAX_PAGE_SIZE })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_PAGE_SIZE)
  @IsString({ each: true })
  revisionIds!: string[];
}

export class UpdateRevisionDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MinLength(1) @MaxLength(50) revisionNumber?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) revisionStatus?: string;
  @ApiPropertyOptional({ format: 'date' }) @IsOptional() @IsISO8601() drawingDate?: string;
  @ApiPropertyOptional({ format: 'date' }) @IsOptional() @IsISO8601() receivedDate?: string;
}

export class UpdateDrawingDto {
  @ApiPropertyOptional({ description: 'Unique in the project' }) @IsOptional() @IsString() @MinLength(1) @MaxLength(100) number?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MinLength(1) @MaxLength(500) title?: string;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() obsolete?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsString() disciplineId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() areaId?: string;
}

export class CreateMarkupDto {
  @ApiProperty({ example: 'cloud', description: 'What the client draws: cloud, arrow, text, …' }) @IsString() @MinLength(1) @MaxLength(100) kind!: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: `The shape, as the client defines it: a JSON object nested at most ${MARKUP_DATA_MAX_DEPTH} levels deep, at most ${MARKUP_DATA_MAX_BYTES} bytes as JSON`,
  })
  @IsDefined()
  @IsBoundedJsonObject({ maxDepth: MARKUP_DATA_MAX_DEPTH, maxBytes: MARKUP_DATA_MAX_BYTES })
  data!: Record<string, unknown>;
}

export class DeleteQueryDto {
  @ApiPropertyOptional({ maxLength: 2000, description: 'Why, for the Deleted Drawing Revisions report' }) @IsOptional() @IsString() @MaxLength(2000) reason?: string;
}

export class ListRevisionsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ default: true, description: 'false: unpublished revisions awaiting review (Drawings admins only)' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  published?: boolean;
}

export class ListDrawingsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Only the drawings of this area' }) @IsOptional() @IsString() areaId?: string;
}

export { PageQueryDto };
