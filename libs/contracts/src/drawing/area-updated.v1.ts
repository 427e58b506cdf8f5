import { Type } from 'class-transformer';
import { IsDefined, IsString, ValidateNested } from 'class-validator';
import { defineEvent } from '../core/message-definition';
import { AreaFacts } from './register-facts';

export class AreaUpdatedPayload {
  @IsString() projectId!: string;
  @IsDefined() @ValidateNested() @Type(() => AreaFacts) area!: AreaFacts;
}

/** S3: an area's name or description changed; full current state, apply if newer. */
export const AreaUpdatedV1 = defineEvent('drawing.area.updated', 1, AreaUpdatedPayload);
