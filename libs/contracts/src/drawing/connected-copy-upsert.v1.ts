import { Type } from 'class-transformer';
import { IsDefined, IsOptional, IsString, ValidateNested } from 'class-validator';
import { defineCommand } from '../core/message-definition';
import { uuidFromKey } from './register-ids';
import { AreaFacts, DisciplineFacts, DrawingFacts, RevisionFacts, RevisionFileFacts, SetFacts } from './register-facts';

/** Where a connected copy comes from (D6 names the source company and project). */
export class ConnectedSource {
  @IsString() connectionId!: string;
  @IsString() projectId!: string;
  @IsString() projectName!: string;
  @IsString() companyName!: string;
}

export type CopiedKind = 'area' | 'discipline' | 'set' | 'drawing' | 'revision';

/**
 * The downstream id of the copy of an upstream entity: the same for every
 * call with the same connection and upstream id, so redeliveries and
 * retries land on one copy (S7). Shaped like a uuid.
 */
export function connectedCopyId(connectionId: string, kind: CopiedKind, upstreamId: string): string {
  return uuidFromKey(`connected-copy\u0000${connectionId}\u0000${kind}\u0000${upstreamId}`);
}

/**
 * Creates or updates connected copies in a downstream project (S1–S3, S7).
 * Each part is upstream state with its version; an existing copy takes it
 * only when that version is newer than the one it shows ("apply if newer").
 * What gets created when missing:
 *   - the revision's copy, when `revision` comes with its `drawing` and
 *     `file` (and the `area`, `discipline`, `set` those name): the file is
 *     copied into the downstream project's storage and the revision is
 *     created unpublished, awaiting review — spread a published item in;
 *   - the area, discipline and set copies a created or existing drawing or
 *     revision copy names (so a moved drawing follows its new area), when
 *     their facts are given.
 * Anything else given alone only updates an existing copy: a metadata event
 * about something never copied is a no-op. Refuses DRAWING_NUMBER_TAKEN when
 * a local drawing downstream already has the number.
 */
export class ConnectedCopyUpsertPayload {
  /** The downstream project. */
  @IsString() projectId!: string;
  @IsDefined() @ValidateNested() @Type(() => ConnectedSource) source!: ConnectedSource;
  @IsOptional() @ValidateNested() @Type(() => AreaFacts) area?: AreaFacts;
  @IsOptional() @ValidateNested() @Type(() => DisciplineFacts) discipline?: DisciplineFacts;
  @IsOptional() @ValidateNested() @Type(() => SetFacts) set?: SetFacts | null;
  @IsOptional() @ValidateNested() @Type(() => DrawingFacts) drawing?: DrawingFacts;
  @IsOptional() @ValidateNested() @Type(() => RevisionFacts) revision?: RevisionFacts;
  @IsOptional() @ValidateNested() @Type(() => RevisionFileFacts) file?: RevisionFileFacts;
}

export interface ConnectedCopyUpsertResult {
  /** Downstream ids of the copies the payload names (null for parts not given or copies that do not exist). */
  drawingId: string | null;
  revisionId: string | null;
  /** True when this call created the revision's copy. */
  created: boolean;
}

export const ConnectedCopyUpsertV1 = defineCommand<ConnectedCopyUpsertPayload, ConnectedCopyUpsertResult>(
  'drawing.connected-copy.upsert',
  1,
  ConnectedCopyUpsertPayload,
);
