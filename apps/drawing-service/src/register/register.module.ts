import { Module } from '@nestjs/common';
import { FilesModule } from '../files';
import { AreasHandler } from './areas/areas.handler';
import { DisciplinesHandler } from './disciplines/disciplines.handler';
import { DrawingDerivation } from './drawings/drawing-derivation';
import { DrawingNumbers } from './drawings/drawing-numbers';
import { DrawingRemoval } from './drawings/drawing-removal';
import { DrawingsHandler } from './drawings/drawings.handler';
import { MarkupsHandler } from './markups/markups.handler';
import { DeletedRevisionsHandler } from './reports/deleted-revisions.handler';
import { RevisionUploadHandler } from './revisions/revision-upload.handler';
import { RevisionsHandler } from './revisions/revisions.handler';
import { SetsHandler } from './sets/sets.handler';
import { RegisterModels } from './store/register.models';
import { RegisterStore } from './store/register.store';
import { RegisterStamps } from './store/register-stamps';
import { BucketBackfill } from './store/bucket-backfill';
import { MongooseModule } from '@nestjs/mongoose';
import { ConnectedCopier } from './sync/connected-copier';
import { ConnectionFence } from './sync/connection-fence';
import {
  CONNECTED_COPY_WRITER_MODEL,
  CONNECTION_FENCE_MODEL,
  COPY_TOMBSTONE_MODEL,
  ConnectedCopyWriterSchema,
  ConnectionFenceSchema,
  CopyTombstoneSchema,
} from './sync/connection-fence.schema';
import { CopyRequestHandler } from './sync/copy-request.handler';
import { StoppedCopySweep } from './sync/stopped-copy-sweep';
import { UnpublishedCopyRemoval } from './sync/unpublished-copy-removal';
import { SyncHandler } from './sync/sync.handler';
import { PublishedItems } from './views/published-items';
import { RegisterPageCache } from './views/register-page-cache';
import { RegisterViews } from './views/register-views';

/** The drawing register (D1, D3–D6) and the interface the sync engine follows it by (S1–S4, C5). */
@Module({
  imports: [
    RegisterModels,
    FilesModule,
    MongooseModule.forFeature([
      { name: CONNECTION_FENCE_MODEL, schema: ConnectionFenceSchema },
      { name: COPY_TOMBSTONE_MODEL, schema: CopyTombstoneSchema },
      { name: CONNECTED_COPY_WRITER_MODEL, schema: ConnectedCopyWriterSchema },
    ]),
  ],
  providers: [
    RegisterStamps,
    RegisterStore,
    RegisterPageCache,
    BucketBackfill,
    RegisterViews,
    PublishedItems,
    DrawingDerivation,
    DrawingNumbers,
    DrawingRemoval,
    ConnectedCopier,
    ConnectionFence,
    UnpublishedCopyRemoval,
    StoppedCopySweep,
    CopyRequestHandler,
    AreasHandler,
    DisciplinesHandler,
    SetsHandler,
    RevisionUploadHandler,
    RevisionsHandler,
    DrawingsHandler,
    MarkupsHandler,
    DeletedRevisionsHandler,
    SyncHandler,
  ],
  // The register decides who may see a revision; file access (files/) asks it.
  exports: [RegisterStore],
})
export class RegisterModule {}
