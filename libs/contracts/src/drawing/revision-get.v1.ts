import { IsString } from 'class-validator';
import { defineCommand } from '../core/message-definition';
import { ProjectCommand } from './project-command';
import { RevisionView } from './register-views';

export class GetRevisionPayload extends ProjectCommand {
  @IsString() revisionId!: string;
}

/** A revision the actor may see (unpublished ones: Drawings admins only, else REVISION_NOT_FOUND). */
export const GetRevisionV1 = defineCommand<GetRevisionPayload, RevisionView>('drawing.revision.get', 1, GetRevisionPayload);
