import { defineCommand } from '../core/message-definition';
import { Page } from '../core/page';
import { ProjectListCommand } from './project-command';
import { AreaView } from './register-views';

export class ListAreasPayload extends ProjectListCommand {}

export const ListAreasV1 = defineCommand<ListAreasPayload, Page<AreaView>>('drawing.area.list', 1, ListAreasPayload);
