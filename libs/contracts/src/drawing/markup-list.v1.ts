import { IsString } from 'class-validator';
import { defineCommand } from '../core/message-definition';
import { Page } from '../core/page';
import { ProjectListCommand } from './project-command';
import { MarkupView } from './register-views';

export class ListMarkupsPayload extends ProjectListCommand {
  @IsString() revisionId!: string;
}

export const ListMarkupsV1 = defineCommand<ListMarkupsPayload, Page<MarkupView>>('drawing.markup.list', 1, ListMarkupsPayload);
