import { IsDefined, IsString, MaxLength, MinLength } from 'class-validator';
import { IsBoundedJsonObject } from '../core/json-shape';
import { defineCommand } from '../core/message-definition';
import { ProjectCommand } from './project-command';
import { MarkupView } from './register-views';

/**
 * Bounds of a markup (issue 15, finding 1): a page of 200 markups stays a
 * few MiB however they are drawn, and `data` stays far from MongoDB's 100
 * levels of nesting. Markups per revision are bounded by drawing-service.
 */
export const MARKUP_DATA_MAX_DEPTH = 20;
export const MARKUP_DATA_MAX_BYTES = 16 * 1024;

export class CreateMarkupPayload extends ProjectCommand {
  @IsString() revisionId!: string;
  @IsString() @MinLength(1) @MaxLength(100) kind!: string;
  /** A JSON object drawn by the client (shapes, text, coordinates), within the bounds above. */
  @IsDefined() @IsBoundedJsonObject({ maxDepth: MARKUP_DATA_MAX_DEPTH, maxBytes: MARKUP_DATA_MAX_BYTES }) data!: Record<string, unknown>;
}

/** D5: anyone with Drawings read_only+ who can see the revision marks it up, in their own project only. */
export const CreateMarkupV1 = defineCommand<CreateMarkupPayload, MarkupView>('drawing.markup.create', 1, CreateMarkupPayload);
