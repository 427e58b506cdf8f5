import { IsOptional, IsString } from 'class-validator';
import { defineCommand } from '../core/message-definition';
import { Page } from '../core/page';
import { ProjectListCommand } from './project-command';
import { DrawingView } from './register-views';

export class ListDrawingsPayload extends ProjectListCommand {
  @IsOptional() @IsString() areaId?: string;
}

/** The register: drawings that have a published revision, obsolete ones included (flagged). */
export const ListDrawingsV1 = defineCommand<ListDrawingsPayload, Page<DrawingView>>('drawing.list', 1, ListDrawingsPayload);
