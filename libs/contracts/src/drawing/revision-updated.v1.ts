import { Type } from 'class-transformer';
import { IsString, ValidateNested } from 'class-validator';
import { defineEvent } from '../core/message-definition';
import { RevisionFacts } from './register-facts';

export class RevisionUpdatedPayload {
  @IsString() projectId!: string;
  @ValidateNested() @Type(() => RevisionFacts) revision!: RevisionFacts;
}

/** S3: a revision's D3 metadata changed (published or not); full current state, apply if newer. */
export const RevisionUpdatedV1 = defineEvent('drawing.revision.updated', 1, RevisionUpdatedPayload);
