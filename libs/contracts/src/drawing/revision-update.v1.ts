import { IsISO8601, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { defineCommand } from '../core/message-definition';
import { ProjectCommand } from './project-command';
import { RevisionView } from './register-views';

export class UpdateRevisionPayload extends ProjectCommand {
  @IsString() revisionId!: string;
  @IsOptional() @IsString() @MinLength(1) @MaxLength(50) revisionNumber?: string;
  @IsOptional() @IsString() @MaxLength(100) revisionStatus?: string;
  @IsOptional() @IsISO8601() drawingDate?: string;
  @IsOptional() @IsISO8601() receivedDate?: string;
}

/** D3: Drawings admin edits a revision's metadata (refused on connected copies, D6). */
export const UpdateRevisionV1 = defineCommand<UpdateRevisionPayload, RevisionView>('drawing.revision.update', 1, UpdateRevisionPayload);
