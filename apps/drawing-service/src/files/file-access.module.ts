import { Module } from '@nestjs/common';
import { RegisterModule } from '../register/register.module';
import { FileOpenHandler } from './file-open.handler';
import { FilesModule } from './files.module';

/**
 * Reading a revision's file needs the register (which revision, may the
 * actor see it) and the files; the register itself needs FilesModule, so this
 * sits above both rather than making them depend on each other.
 */
@Module({
  imports: [RegisterModule, FilesModule],
  providers: [FileOpenHandler],
})
export class FileAccessModule {}
