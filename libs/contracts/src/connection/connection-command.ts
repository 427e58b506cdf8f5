import { Type } from 'class-transformer';
import { IsDefined, IsString, ValidateNested } from 'class-validator';
import { Actor } from '../core/actor';

/** A command about one existing connection, for the user the gateway authenticated. */
export class ConnectionCommand {
  @IsDefined() @ValidateNested() @Type(() => Actor) actor!: Actor;
  @IsString() connectionId!: string;
}
