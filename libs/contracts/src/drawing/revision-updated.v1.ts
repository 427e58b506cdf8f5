import { Type } from 'class-transformer';
import { IsDefined, IsOptional, IsString, ValidateNested } from 'class-validator';
import { defineEvent } from '../core/message-definition';
import { RevisionFacts, SetFacts } from './register-facts';

export class RevisionUpdatedPayload {
  @IsString() projectId!: string;
  @IsDefined() @ValidateNested() @Type(() => RevisionFacts) revision!: RevisionFacts;
  /** The set it now belongs to (null: none), so a consumer can follow a move without calling back. */
  @IsOptional() @ValidateNested() @Type(() => SetFacts) set!: SetFacts | null;
}

/** S3: a revision's D3 metadata changed (published or not); full current state, apply if newer. */
export const RevisionUpdatedV1 = defineEvent('drawing.revision.updated', 1, RevisionUpdatedPayload);
