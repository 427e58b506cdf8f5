import { IsISO8601, IsString, MaxLength, MinLength } from 'class-validator';
import { defineCommand } from '../core/message-definition';
import { ProjectCommand } from './project-command';
import { SetView } from './register-views';

export class CreateSetPayload extends ProjectCommand {
  @IsString() @MinLength(1) @MaxLength(200) name!: string;
  @IsISO8601() date!: string;
}

export const CreateSetV1 = defineCommand<CreateSetPayload, SetView>('drawing.set.create', 1, CreateSetPayload);
