import { IsInt, IsString, Min } from 'class-validator';
import { defineEvent } from '../core/message-definition';

/** A project's whole current state. */
export class ProjectChangedPayload {
  @IsString() projectId!: string;
  @IsString() companyId!: string;
  @IsString() name!: string;
  /** Monotonic per project: apply only if newer than the replica's. */
  @IsInt() @Min(1) version!: number;
}

export const DirectoryProjectChangedV1 = defineEvent('directory.project.changed', 1, ProjectChangedPayload);
