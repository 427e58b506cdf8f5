import { IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { defineCommand } from '../core/message-definition';
import { ProjectCommand } from './project-command';
import { AreaView } from './register-views';

export class CreateAreaPayload extends ProjectCommand {
  @IsString() @MinLength(1) @MaxLength(200) name!: string;
  @IsOptional() @IsString() @MaxLength(2000) description?: string;
}

/** Drawings admin creates a drawing area. */
export const CreateAreaV1 = defineCommand<CreateAreaPayload, AreaView>('drawing.area.create', 1, CreateAreaPayload);
