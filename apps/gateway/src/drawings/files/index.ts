export { DrawingFilesModule } from './files.module';
export { UploadService, StreamedUpload, UPLOAD_WINDOW, FILE_FIELD } from './upload.service';
export { UploadSlots } from './upload-slots';
