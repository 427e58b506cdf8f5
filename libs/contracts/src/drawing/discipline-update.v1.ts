import { IsNumber, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { defineCommand } from '../core/message-definition';
import { ProjectCommand } from './project-command';
import { DisciplineView } from './register-views';

export class UpdateDisciplinePayload extends ProjectCommand {
  @IsString() disciplineId!: string;
  @IsOptional() @IsString() @MinLength(1) @MaxLength(200) name?: string;
  @IsOptional() @IsNumber() position?: number;
}

/** D3: Drawings admin renames or moves a discipline. */
export const UpdateDisciplineV1 = defineCommand<UpdateDisciplinePayload, DisciplineView>('drawing.discipline.update', 1, UpdateDisciplinePayload);
