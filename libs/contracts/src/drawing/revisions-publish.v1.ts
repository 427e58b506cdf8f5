import { ArrayMaxSize, ArrayMinSize, IsArray, IsString } from 'class-validator';
import { MAX_PAGE_SIZE } from '../core/page';
import { defineCommand } from '../core/message-definition';
import { ProjectCommand } from './project-command';

export class PublishRevisionsPayload extends ProjectCommand {
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(MAX_PAGE_SIZE) @IsString({ each: true }) revisionIds!: string[];
}

/** D1: Drawings admin publishes revisions in bulk; `published` counts those that were not published yet. */
export const PublishRevisionsV1 = defineCommand<PublishRevisionsPayload, { published: number }>('drawing.revisions.publish', 1, PublishRevisionsPayload);
