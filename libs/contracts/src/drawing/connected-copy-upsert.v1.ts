import { Type } from 'class-transformer';
import { IsOptional, IsString, ValidateNested } from 'class-validator';
import { createHash } from 'node:crypto';
import { defineCommand } from '../core/message-definition';
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
  const h = createHash('sha256').update(`${connectionId}\u0000${kind}\u0000${upstreamId}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16], 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * Creates or updates connected copies in a downstream project. Each part
 * given (upstream state with its version) is applied to its copy when that
 * copy exists and the version is newer than the one applied before (S3,
 * "apply if newer"). A `revision` given together with its `drawing`, `area`,
 * `discipline`, `file` (and `set` when it has one) — i.e. a published item
 * spread in — also creates whatever copy is missing: the file is copied into
 * the downstream project's storage and the revision is created unpublished,
 * awaiting review (S1, S2). Parts given alone never create anything.
 */
export class ConnectedCopyUpsertPayload {
  /** The downstream project. */
  @IsString() projectId!: string;
  @ValidateNested() @Type(() => ConnectedSource) source!: ConnectedSource;
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
