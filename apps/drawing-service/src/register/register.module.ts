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
import { ConnectedCopier } from './sync/connected-copier';
import { SyncHandler } from './sync/sync.handler';
import { PublishedItems } from './views/published-items';
import { RegisterViews } from './views/register-views';

/** The drawing register (D1, D3–D6) and the interface the sync engine follows it by (S1–S4, C5). */
@Module({
  imports: [RegisterModels, FilesModule],
  providers: [
    RegisterStore,
    RegisterViews,
    PublishedItems,
    DrawingDerivation,
    DrawingNumbers,
    DrawingRemoval,
    ConnectedCopier,
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
