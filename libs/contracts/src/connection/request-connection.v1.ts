import { Type } from 'class-transformer';
import { IsArray, IsDefined, ValidateNested, IsString } from 'class-validator';
import { Actor } from '../core/actor';
import { defineCommand } from '../core/message-definition';
import { ProjectRef } from '../core/project-ref';
import { ConnectionDetails } from './connection-view';

/**
 * C1–C7, C13: the downstream side asks to connect to an upstream project.
 * `features` is deliberately any strings: C7 is a rule of connection-service,
 * refused with its own code rather than as a malformed message.
 */
export class RequestConnectionCommand {
  @IsDefined() @ValidateNested() @Type(() => Actor) actor!: Actor;
  @IsDefined()
  @ValidateNested()
  @Type(() => ProjectRef)
  downstream!: ProjectRef;
  @IsDefined() @ValidateNested() @Type(() => ProjectRef) upstream!: ProjectRef;
  @IsArray() @IsString({ each: true }) features!: string[];
}

export const RequestConnectionV1 = defineCommand<
  RequestConnectionCommand,
  ConnectionDetails
>('connection.request', 1, RequestConnectionCommand);
