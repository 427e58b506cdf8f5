import { IsString } from 'class-validator';
import { defineCommand } from '../core/message-definition';
import { ProjectCommand } from './project-command';
import { DrawingDetailView } from './register-views';

export class GetDrawingPayload extends ProjectCommand {
  @IsString() drawingId!: string;
}

export const GetDrawingV1 = defineCommand<GetDrawingPayload, DrawingDetailView>('drawing.get', 1, GetDrawingPayload);
