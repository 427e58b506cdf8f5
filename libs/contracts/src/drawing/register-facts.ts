import { Type } from 'class-transformer';
import { IsBoolean, IsDefined, IsInt, IsISO8601, IsNumber, IsOptional, IsString, Min, ValidateNested } from 'class-validator';

/*
 * The state of register entities as events and sync commands carry it: the
 * whole current state plus its `version` (monotonic per entity), so a
 * consumer converges by "apply if newer" whatever the delivery order, and
 * never needs to call back. Dates are ISO-8601 strings (`YYYY-MM-DD` for
 * calendar dates such as a drawing date).
 */

export class AreaFacts {
  @IsString() id!: string;
  @IsInt() @Min(1) version!: number;
  @IsString() name!: string;
  @IsOptional() @IsString() description!: string | null;
}

export class DisciplineFacts {
  @IsString() id!: string;
  @IsInt() @Min(1) version!: number;
  @IsString() name!: string;
  @IsNumber() position!: number;
}

export class SetFacts {
  @IsString() id!: string;
  @IsInt() @Min(1) version!: number;
  @IsString() name!: string;
  @IsISO8601() date!: string;
}

export class DrawingFacts {
  @IsString() id!: string;
  @IsInt() @Min(1) version!: number;
  @IsString() number!: string;
  @IsString() title!: string;
  @IsBoolean() obsolete!: boolean;
  @IsString() areaId!: string;
  @IsString() disciplineId!: string;
}

export class RevisionFacts {
  @IsString() id!: string;
  @IsInt() @Min(1) version!: number;
  @IsString() drawingId!: string;
  @IsString() revisionNumber!: string;
  @IsOptional() @IsString() revisionStatus!: string | null;
  @IsOptional() @IsISO8601() drawingDate!: string | null;
  @IsOptional() @IsISO8601() receivedDate!: string | null;
  @IsOptional() @IsString() setId!: string | null;
  @IsBoolean() published!: boolean;
  @IsOptional() @IsISO8601() publishedAt!: string | null;
}

/** The stored file of a revision; `fileId` names it in the owning project's storage. */
export class RevisionFileFacts {
  @IsString() fileId!: string;
  @IsString() sha256!: string;
  @IsInt() @Min(0) size!: number;
  @IsString() contentType!: string;
  @IsString() filename!: string;
}

/**
 * One published revision with everything a downstream copy needs (S1, S2):
 * its drawing, area, discipline, set and file, each with its version.
 */
export class PublishedRevisionItem {
  @IsDefined() @ValidateNested() @Type(() => RevisionFacts) revision!: RevisionFacts;
  @IsDefined() @ValidateNested() @Type(() => DrawingFacts) drawing!: DrawingFacts;
  @IsDefined() @ValidateNested() @Type(() => AreaFacts) area!: AreaFacts;
  @IsDefined() @ValidateNested() @Type(() => DisciplineFacts) discipline!: DisciplineFacts;
  @IsOptional() @ValidateNested() @Type(() => SetFacts) set!: SetFacts | null;
  @IsDefined() @ValidateNested() @Type(() => RevisionFileFacts) file!: RevisionFileFacts;
}
