import { ArrayMaxSize, ArrayMinSize, IsArray, IsString } from 'class-validator';
import { defineCommand } from '../core/message-definition';

export class RevisionCountQuery {
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(2) @IsString({ each: true }) projectIds!: string[];
}

/** C5: how many drawing revisions (published or not) each project holds. */
export const GetRevisionCountV1 = defineCommand<RevisionCountQuery, { counts: Record<string, number> }>('drawing.revision-count.get', 1, RevisionCountQuery);
