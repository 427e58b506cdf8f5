import { IsOptional, IsString, MaxLength } from 'class-validator';
import { defineCommand } from '../core/message-definition';
import { ProjectCommand } from './project-command';

export class DeleteAreaPayload extends ProjectCommand {
  @IsString() areaId!: string;
  /** Why, for the Deleted Drawing Revisions report. */
  @IsOptional() @IsString() @MaxLength(2000) reason?: string;
}

/** D4: Drawings admin deletes an area and, with it, its drawings. */
export const DeleteAreaV1 = defineCommand<DeleteAreaPayload, { deletedDrawings: number }>('drawing.area.delete', 1, DeleteAreaPayload);
