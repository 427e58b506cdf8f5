import { Type } from 'class-transformer';
import { IsDefined, IsEmail, IsIn, IsInt, IsString, Min, ValidateNested } from 'class-validator';
import { CONNECTION_MANAGER_LEVELS, ConnectionManagerLevel, DRAWINGS_LEVELS, DrawingsLevel } from '../core/actor';
import { defineEvent } from '../core/message-definition';

export class MemberPermissions {
  @IsIn(CONNECTION_MANAGER_LEVELS) connectionManager!: ConnectionManagerLevel;
  @IsIn(DRAWINGS_LEVELS) drawings!: DrawingsLevel;
}

/**
 * A project member's whole current state, with the user's email and name so
 * that a replica (e.g. notification recipients, N1/N2) needs no other lookup.
 */
export class ProjectMemberChangedPayload {
  @IsString() projectId!: string;
  @IsString() companyId!: string;
  @IsString() userId!: string;
  @IsEmail() email!: string;
  @IsString() name!: string;
  @IsDefined() @ValidateNested() @Type(() => MemberPermissions) permissions!: MemberPermissions;
  /** Monotonic per membership (`<projectId>:<userId>`): apply only if newer than the replica's. */
  @IsInt() @Min(1) version!: number;
}

export const DirectoryProjectMemberChangedV1 = defineEvent('directory.project-member.changed', 1, ProjectMemberChangedPayload);
