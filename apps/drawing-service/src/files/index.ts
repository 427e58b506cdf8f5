export { FilesModule } from './files.module';
export { FileStore, StoredFile } from './file-store';
