import { Type } from 'class-transformer';
import { IsOptional, ValidateNested } from 'class-validator';
import { defineCommand } from '../core/message-definition';
import { ProjectCommand } from './project-command';
import { RevisionUploadFields } from './revision-upload-fields';

export class PrecheckRevisionPayload extends ProjectCommand {
  /** Without fields only the permission is checked (the gateway asks before it accepts the file bytes). */
  @IsOptional() @ValidateNested() @Type(() => RevisionUploadFields) fields?: RevisionUploadFields;
}

/**
 * D1: may this actor upload to this project (Drawings `standard`+), and are
 * the fields acceptable? Replies `{ok: true}` or refuses with the error the
 * upload itself would get, before any byte is streamed.
 */
export const PrecheckRevisionV1 = defineCommand<PrecheckRevisionPayload, { ok: true }>('drawing.revision.precheck', 1, PrecheckRevisionPayload);
