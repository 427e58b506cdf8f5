import { IsBoolean, IsInt, IsString, Min } from 'class-validator';
import { defineEvent } from '../core/message-definition';

/** A user's whole current standing at a company (the admin flag), after they were added or it changed. */
export class CompanyUserChangedPayload {
  @IsString() companyId!: string;
  @IsString() userId!: string;
  @IsBoolean() admin!: boolean;
  /** Monotonic per company user (`<companyId>:<userId>`): apply only if newer than the replica's. */
  @IsInt() @Min(1) version!: number;
}

export const DirectoryCompanyUserChangedV1 = defineEvent('directory.company-user.changed', 1, CompanyUserChangedPayload);
