import { IsBoolean, IsIn, IsInt, IsString, Min } from 'class-validator';
import { CONNECTION_APPROVAL_MODES, ConnectionApprovalMode } from '../core/project-ref';
import { defineEvent } from '../core/message-definition';

/** A company's whole current state, after it was created or its settings changed. */
export class CompanyChangedPayload {
  @IsString() companyId!: string;
  @IsString() name!: string;
  @IsBoolean() govCloud!: boolean;
  @IsIn(CONNECTION_APPROVAL_MODES) connectionApproval!: ConnectionApprovalMode;
  @IsBoolean() connectBeta!: boolean;
  /** Monotonic per company: apply only if newer than the replica's. */
  @IsInt() @Min(1) version!: number;
}

export const DirectoryCompanyChangedV1 = defineEvent('directory.company.changed', 1, CompanyChangedPayload);
