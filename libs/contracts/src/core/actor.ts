import { Type } from 'class-transformer';
import { IsArray, IsBoolean, IsEmail, IsIn, IsString, ValidateNested } from 'class-validator';

export const CONNECTION_MANAGER_LEVELS = ['none', 'read_only', 'admin'] as const;
export type ConnectionManagerLevel = (typeof CONNECTION_MANAGER_LEVELS)[number];
export const DRAWINGS_LEVELS = ['none', 'read_only', 'standard', 'admin'] as const;
export type DrawingsLevel = (typeof DRAWINGS_LEVELS)[number];

/** Rank of a permission level inside its tool's ordered list (higher = more). */
export function levelRank(levels: readonly string[], level: string): number {
  return levels.indexOf(level);
}

export class ActorCompany {
  @IsString() companyId!: string;
  @IsBoolean() admin!: boolean;
}

export class ActorMembership {
  @IsString() projectId!: string;
  @IsString() companyId!: string;
  @IsIn(CONNECTION_MANAGER_LEVELS) connectionManager!: ConnectionManagerLevel;
  @IsIn(DRAWINGS_LEVELS) drawings!: DrawingsLevel;
}

/**
 * Who is asking, as authenticated by the gateway (the only place that
 * authenticates). Commands that act for a user carry it so that the owning
 * service applies its own permission rules without reading the directory.
 */
export class Actor {
  @IsString() userId!: string;
  @IsEmail() email!: string;
  @IsString() name!: string;
  @IsArray() @ValidateNested({ each: true }) @Type(() => ActorCompany) companies!: ActorCompany[];
  @IsArray() @ValidateNested({ each: true }) @Type(() => ActorMembership) memberships!: ActorMembership[];
}

export function membershipOf(actor: Actor, projectId: string): ActorMembership | undefined {
  return actor.memberships.find((m) => m.projectId === projectId);
}
