import { IsEmail, IsInt, IsString, Min } from 'class-validator';
import { defineEvent } from '../core/message-definition';

/** A user's whole current state. */
export class UserChangedPayload {
  @IsString() userId!: string;
  @IsEmail() email!: string;
  @IsString() name!: string;
  /** Monotonic per user: apply only if newer than the replica's. */
  @IsInt() @Min(1) version!: number;
}

export const DirectoryUserChangedV1 = defineEvent('directory.user.changed', 1, UserChangedPayload);
