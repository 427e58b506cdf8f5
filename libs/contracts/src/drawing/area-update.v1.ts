import { IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { defineCommand } from '../core/message-definition';
import { ProjectCommand } from './project-command';
import { AreaView } from './register-views';

export class UpdateAreaPayload extends ProjectCommand {
  @IsString() areaId!: string;
  @IsOptional() @IsString() @MinLength(1) @MaxLength(200) name?: string;
  @IsOptional() @IsString() @MaxLength(2000) description?: string;
}

/** D3: Drawings admin renames or redescribes an area. */
export const UpdateAreaV1 = defineCommand<UpdateAreaPayload, AreaView>('drawing.area.update', 1, UpdateAreaPayload);
