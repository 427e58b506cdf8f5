import { defineCommand } from '../core/message-definition';
import { Page } from '../core/page';
import { ProjectListCommand } from './project-command';
import { DisciplineView } from './register-views';

export class ListDisciplinesPayload extends ProjectListCommand {}

export const ListDisciplinesV1 = defineCommand<ListDisciplinesPayload, Page<DisciplineView>>('drawing.discipline.list', 1, ListDisciplinesPayload);
