import { IsArray, IsISO8601, IsInt, IsString, Min } from 'class-validator';
import { defineEvent } from '../core/message-definition';

export class DrawingDeletedPayload {
  @IsString() projectId!: string;
  @IsString() drawingId!: string;
  /** The version the deletion made (the last one of the drawing). */
  @IsInt() @Min(1) version!: number;
  @IsString() number!: string;
  /** Every revision of the drawing that was deleted with it. */
  @IsArray() @IsString({ each: true }) revisionIds!: string[];
  @IsISO8601() deletedAt!: string;
}

/** S4: a drawing and all its revisions left the register (D4). */
export const DrawingDeletedV1 = defineEvent('drawing.deleted', 1, DrawingDeletedPayload);
