import { IsArray, IsISO8601, IsInt, IsString, Min } from 'class-validator';
import { defineEvent } from '../core/message-definition';

export class AreaDeletedPayload {
  @IsString() projectId!: string;
  @IsString() areaId!: string;
  @IsInt() @Min(1) version!: number;
  /** The drawings deleted with the area; each also had its own `drawing.deleted` event before this one. */
  @IsArray() @IsString({ each: true }) drawingIds!: string[];
  @IsISO8601() deletedAt!: string;
}

/** D4/S4: an area was deleted after its drawings. Downstream areas stay (S4). */
export const AreaDeletedV1 = defineEvent('drawing.area.deleted', 1, AreaDeletedPayload);
