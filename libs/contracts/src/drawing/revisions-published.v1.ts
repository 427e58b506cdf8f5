import { Type } from 'class-transformer';
import { ArrayMinSize, IsArray, IsInt, IsOptional, IsString, Min, ValidateNested } from 'class-validator';
import { defineEvent } from '../core/message-definition';
import { PublishedRevisionItem } from './register-facts';

export class RevisionsPublishedPayload {
  @IsString() projectId!: string;
  /** drawing-service emits one event per revision it publishes (its outbox is per revision); consumers accept any number. */
  @IsArray() @ArrayMinSize(1) @ValidateNested({ each: true }) @Type(() => PublishedRevisionItem) items!: PublishedRevisionItem[];
  /** The one publish request these revisions came from (one user action), so consumers can treat it as one batch (N2). */
  @IsOptional() @IsString() publishId?: string;
  /** How many revisions that publish request published in all (the number of events carrying its `publishId`). */
  @IsOptional() @IsInt() @Min(1) publishCount?: number;
}

/** S1/S2: revisions became visible in a project, with everything needed to copy them without calling back. */
export const RevisionsPublishedV1 = defineEvent('drawing.revisions.published', 1, RevisionsPublishedPayload);
