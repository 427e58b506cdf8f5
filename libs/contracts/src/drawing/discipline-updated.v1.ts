import { Type } from 'class-transformer';
import { IsDefined, IsString, ValidateNested } from 'class-validator';
import { defineEvent } from '../core/message-definition';
import { DisciplineFacts } from './register-facts';

export class DisciplineUpdatedPayload {
  @IsString() projectId!: string;
  @IsDefined() @ValidateNested() @Type(() => DisciplineFacts) discipline!: DisciplineFacts;
}

/** S3: a discipline's name or position changed; full current state, apply if newer. */
export const DisciplineUpdatedV1 = defineEvent('drawing.discipline.updated', 1, DisciplineUpdatedPayload);
