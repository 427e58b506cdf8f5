import { IsISO8601, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { defineCommand } from '../core/message-definition';
import { ProjectCommand } from './project-command';
import { SetView } from './register-views';

export class UpdateSetPayload extends ProjectCommand {
  @IsString() setId!: string;
  @IsOptional() @IsString() @MinLength(1) @MaxLength(200) name?: string;
  @IsOptional() @IsISO8601() date?: string;
}

/** D3: Drawings admin renames or redates a drawing set. */
export const UpdateSetV1 = defineCommand<UpdateSetPayload, SetView>('drawing.set.update', 1, UpdateSetPayload);
