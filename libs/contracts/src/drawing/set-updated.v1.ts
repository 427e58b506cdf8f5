import { Type } from 'class-transformer';
import { IsDefined, IsString, ValidateNested } from 'class-validator';
import { defineEvent } from '../core/message-definition';
import { SetFacts } from './register-facts';

export class SetUpdatedPayload {
  @IsString() projectId!: string;
  @IsDefined() @ValidateNested() @Type(() => SetFacts) set!: SetFacts;
}

/** S3: a drawing set's name or date changed; full current state, apply if newer. */
export const SetUpdatedV1 = defineEvent('drawing.set.updated', 1, SetUpdatedPayload);
