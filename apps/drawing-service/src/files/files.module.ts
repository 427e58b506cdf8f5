import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { FILE_CHUNK_MODEL, FileChunkSchema } from './file-chunk.schema';
import { FILE_COPY_MODEL, FileCopySchema } from './file-copy.schema';
import { FileChunkGetHandler } from './file-chunk-get.handler';
import { FileStore } from './file-store';
import { FileUploadHandler } from './file-upload.handler';
import { STORED_FILE_MODEL, StoredFileSchema } from './stored-file.schema';
import { UPLOAD_PART_MODEL, UploadPartSchema } from './upload-part.schema';
import { UploadStore } from './upload-store';
import { FileSweeper } from './file-sweeper';
import { UPLOAD_MODEL, UploadSchema } from './upload.schema';

/**
 * File bytes of the register (D2): the upload protocol over the broker,
 * chunked reads, and FileStore for the register (finalize, copy, delete).
 * Depends on nothing of the register, so the register can import it.
 */
@Module({
  imports: [
    MongooseModule.forFeature([
      { name: STORED_FILE_MODEL, schema: StoredFileSchema },
      { name: FILE_CHUNK_MODEL, schema: FileChunkSchema },
      { name: FILE_COPY_MODEL, schema: FileCopySchema },
      { name: UPLOAD_MODEL, schema: UploadSchema },
      { name: UPLOAD_PART_MODEL, schema: UploadPartSchema },
    ]),
  ],
  providers: [UploadStore, FileStore, FileUploadHandler, FileChunkGetHandler, FileSweeper],
  exports: [FileStore, FileSweeper],
})
export class FilesModule {}
