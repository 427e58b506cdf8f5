import { IsBoolean, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { defineCommand } from '../core/message-definition';
import { ProjectCommand } from './project-command';
import { DrawingView } from './register-views';

export class UpdateDrawingPayload extends ProjectCommand {
  @IsString() drawingId!: string;
  @IsOptional() @IsString() @MinLength(1) @MaxLength(100) number?: string;
  @IsOptional() @IsString() @MinLength(1) @MaxLength(500) title?: string;
  @IsOptional() @IsBoolean() obsolete?: boolean;
  @IsOptional() @IsString() disciplineId?: string;
  @IsOptional() @IsString() areaId?: string;
}

/** D3: Drawings admin edits a drawing (refused on connected copies, D6). */
export const UpdateDrawingV1 = defineCommand<UpdateDrawingPayload, DrawingView>('drawing.update', 1, UpdateDrawingPayload);
