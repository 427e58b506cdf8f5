import { IsBoolean, IsIn, IsString } from 'class-validator';

export const CONNECTION_APPROVAL_MODES = ['automatic', 'manual'] as const;
export type ConnectionApprovalMode = (typeof CONNECTION_APPROVAL_MODES)[number];

/**
 * A project with the facts of its company that other services' rules need
 * (C4 GovCloud, C6 beta opt-in, C8 approval mode, C12 names), as the
 * directory (owned by the gateway) knows them at the time of the command.
 */
export class ProjectRef {
  @IsString() projectId!: string;
  @IsString() projectName!: string;
  @IsString() companyId!: string;
  @IsString() companyName!: string;
  @IsBoolean() govCloud!: boolean;
  @IsIn(CONNECTION_APPROVAL_MODES) connectionApproval!: ConnectionApprovalMode;
  @IsBoolean() connectBeta!: boolean;
}
