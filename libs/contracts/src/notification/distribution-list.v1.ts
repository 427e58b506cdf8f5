import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsDefined, IsEmail, IsISO8601, IsString, ValidateNested } from 'class-validator';
import { Actor } from '../core/actor';
import { defineCommand } from '../core/message-definition';

export const MAX_DISTRIBUTION_LIST = 200;

/** N1: a project's Connection Manager email distribution list. */
export class DistributionList {
  @IsArray() @IsEmail({}, { each: true }) distributionList!: string[];
  /** False while the list is still the project's Connection Manager admins (never edited). */
  @IsBoolean() edited!: boolean;
}

export class GetDistributionListQuery {
  @IsDefined() @ValidateNested() @Type(() => Actor) actor!: Actor;
  @IsString() projectId!: string;
}

export class SetDistributionListCommand {
  @IsDefined() @ValidateNested() @Type(() => Actor) actor!: Actor;
  @IsString() projectId!: string;
  @IsArray() @ArrayMaxSize(MAX_DISTRIBUTION_LIST) @IsEmail({}, { each: true }) distributionList!: string[];
}

/** Connection Manager read_only or more on the project. */
export const GetDistributionListV1 = defineCommand<GetDistributionListQuery, DistributionList>('notification.distribution-list.get', 1, GetDistributionListQuery);
/** Connection Manager admin on the project; replaces the whole list. */
export const SetDistributionListV1 = defineCommand<SetDistributionListCommand, DistributionList>('notification.distribution-list.set', 1, SetDistributionListCommand);

/** N1: one audited change of a distribution list — who, when, the list before and after. */
export class DistributionListChange {
  @IsString() changedBy!: string;
  @IsISO8601() changedAt!: string;
  @IsArray() @IsString({ each: true }) before!: string[];
  @IsArray() @IsString({ each: true }) after!: string[];
}

/** Connection Manager read_only or more on the project; oldest change first. */
export const ListDistributionListChangesV1 = defineCommand<GetDistributionListQuery, DistributionListChange[]>(
  'notification.distribution-list.changes',
  1,
  GetDistributionListQuery,
);
