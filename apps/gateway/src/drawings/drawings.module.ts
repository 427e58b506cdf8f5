import { Module } from '@nestjs/common';
import { DeletedRevisionsReportController } from './deleted-revisions-report.controller';
import { DrawingAreasController } from './drawing-areas.controller';
import { DrawingDisciplinesController } from './drawing-disciplines.controller';
import { DrawingRevisionsController } from './drawing-revisions.controller';
import { DrawingSetsController } from './drawing-sets.controller';
import { DrawingsController } from './drawings.controller';
import { DrawingFilesModule } from './files';
import { MarkupsController } from './markups.controller';

/** HTTP of the Drawings tool: authenticated here, judged by drawing-service (D1–D6). */
@Module({
  imports: [DrawingFilesModule],
  controllers: [
    DrawingAreasController,
    DrawingDisciplinesController,
    DrawingSetsController,
    DrawingRevisionsController,
    DrawingsController,
    MarkupsController,
    DeletedRevisionsReportController,
  ],
})
export class DrawingsHttpModule {}
