import { defineCommand } from '../core/message-definition';
import { Page } from '../core/page';
import { ProjectListCommand } from './project-command';
import { SetView } from './register-views';

export class ListSetsPayload extends ProjectListCommand {}

export const ListSetsV1 = defineCommand<ListSetsPayload, Page<SetView>>('drawing.set.list', 1, ListSetsPayload);
