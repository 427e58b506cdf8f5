import { IsOptional, IsString, MaxLength } from 'class-validator';
import { defineCommand } from '../core/message-definition';
import { ProjectCommand } from './project-command';

export class DeleteDrawingPayload extends ProjectCommand {
  @IsString() drawingId!: string;
  /** Why, for the Deleted Drawing Revisions report. */
  @IsOptional() @IsString() @MaxLength(2000) reason?: string;
}

/** D4: Drawings admin deletes a drawing with all its revisions. */
export const DeleteDrawingV1 = defineCommand<DeleteDrawingPayload, { deletedRevisions: number }>('drawing.delete', 1, DeleteDrawingPayload);
