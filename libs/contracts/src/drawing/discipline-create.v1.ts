import { IsNumber, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { defineCommand } from '../core/message-definition';
import { ProjectCommand } from './project-command';
import { DisciplineView } from './register-views';

export class CreateDisciplinePayload extends ProjectCommand {
  @IsString() @MinLength(1) @MaxLength(200) name!: string;
  /** Sort position; defaults to after the last one. */
  @IsOptional() @IsNumber() position?: number;
}

export const CreateDisciplineV1 = defineCommand<CreateDisciplinePayload, DisciplineView>('drawing.discipline.create', 1, CreateDisciplinePayload);
