import { IsString } from 'class-validator';
import { defineCommand } from '../core/message-definition';
import { ProjectListCommand } from './project-command';
import { DrawingDetailView } from './register-views';

/** `limit` / `cursor` page the drawing's revisions (issue 15, finding 1): one reply never carries them all. */
export class GetDrawingPayload extends ProjectListCommand {
  @IsString() drawingId!: string;
}

export const GetDrawingV1 = defineCommand<GetDrawingPayload, DrawingDetailView>('drawing.get', 1, GetDrawingPayload);
