import { IsDefined, IsString, MaxLength, MinLength } from 'class-validator';
import { defineCommand } from '../core/message-definition';
import { ProjectCommand } from './project-command';
import { MarkupView } from './register-views';

export class CreateMarkupPayload extends ProjectCommand {
  @IsString() revisionId!: string;
  @IsString() @MinLength(1) @MaxLength(100) kind!: string;
  /** Free JSON drawn by the client (shapes, text, coordinates). */
  @IsDefined() data!: unknown;
}

/** D5: anyone with Drawings read_only+ who can see the revision marks it up, in their own project only. */
export const CreateMarkupV1 = defineCommand<CreateMarkupPayload, MarkupView>('drawing.markup.create', 1, CreateMarkupPayload);
