import { Type } from 'class-transformer';
import { IsDefined, IsInt, IsOptional, IsString, Max, Min, ValidateNested } from 'class-validator';
import { Actor } from '../core/actor';
import { MAX_PAGE_SIZE } from '../core/page';

/** A user's command on one project's register: the service applies D1 with the actor's memberships. */
export class ProjectCommand {
  @IsDefined() @ValidateNested() @Type(() => Actor) actor!: Actor;
  @IsString() projectId!: string;
}

/** A user's paginated list request on one project's register. */
export class ProjectListCommand extends ProjectCommand {
  @IsOptional() @IsInt() @Min(1) @Max(MAX_PAGE_SIZE) limit?: number;
  @IsOptional() @IsString() cursor?: string;
}
