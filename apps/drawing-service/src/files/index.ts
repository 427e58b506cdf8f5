// FileAccessModule is not re-exported: it imports the register, which imports this index.
export { FilesModule } from './files.module';
export { FileStore, StoredFile, UnfinishedCopy } from './file-store';
export { FileSweeper } from './file-sweeper';
