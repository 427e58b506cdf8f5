import { Type } from 'class-transformer';
import { IsDefined, IsString, ValidateNested } from 'class-validator';
import { defineCommand } from '../core/message-definition';
import { ProjectCommand } from './project-command';
import { RevisionUploadFields } from './revision-upload-fields';
import { RevisionView } from './register-views';

export class CreateRevisionPayload extends ProjectCommand {
  /** A completed upload of this project (files protocol); finalized into the revision's file. */
  @IsString() uploadId!: string;
  @IsDefined() @ValidateNested() @Type(() => RevisionUploadFields) fields!: RevisionUploadFields;
}

/**
 * D1: turns a completed upload into a new unpublished revision (creating the
 * drawing when its number is new to the project). Idempotent per upload: the
 * revision id derives from the upload id. On a refusal the upload is discarded.
 */
export const CreateRevisionV1 = defineCommand<CreateRevisionPayload, RevisionView>('drawing.revision.create', 1, CreateRevisionPayload);
