import { Module } from '@nestjs/common';
import { FileDownloadController } from './file-download.controller';
import { FileDownloadService } from './file-download.service';
import { UploadSlots } from './upload-slots';
import { UploadService } from './upload.service';

/** File bytes between HTTP and drawing-service, over the broker only (D2). */
@Module({
  controllers: [FileDownloadController],
  providers: [UploadService, UploadSlots, FileDownloadService],
  exports: [UploadService, UploadSlots],
})
export class DrawingFilesModule {}
