import { Type } from 'class-transformer';
import { IsDefined, IsString, ValidateNested } from 'class-validator';
import { defineEvent } from '../core/message-definition';
import { AreaFacts, DisciplineFacts, DrawingFacts } from './register-facts';

export class DrawingUpdatedPayload {
  @IsString() projectId!: string;
  @IsDefined() @ValidateNested() @Type(() => DrawingFacts) drawing!: DrawingFacts;
  /** The area and discipline it now belongs to, so a consumer can follow a move without calling back. */
  @IsDefined() @ValidateNested() @Type(() => AreaFacts) area!: AreaFacts;
  @IsDefined() @ValidateNested() @Type(() => DisciplineFacts) discipline!: DisciplineFacts;
}

/** S3: a drawing's D3 metadata changed; full current state, apply if `drawing.version` is newer. */
export const DrawingUpdatedV1 = defineEvent('drawing.updated', 1, DrawingUpdatedPayload);
