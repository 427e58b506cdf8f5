import { FileDescriptor, FileOpenPayload, FileOpenV1 } from '@connect/contracts';
import { HandleMessage } from '@connect/messaging';
import { Injectable } from '@nestjs/common';
import { visibleRevision } from '../register/revisions/visible-revision';
import { RegisterStore } from '../register/store/register.store';
import { FileStore } from './file-store';

/**
 * Opens a revision's file for download: the register decides whether the
 * actor may see the revision (D1), the file store says how to read it.
 */
@Injectable()
export class FileOpenHandler {
  constructor(
    private readonly register: RegisterStore,
    private readonly files: FileStore,
  ) {}

  @HandleMessage(FileOpenV1)
  async open(p: FileOpenPayload): Promise<FileDescriptor> {
    const revision = await visibleRevision(this.register, p.actor, p.projectId, p.revisionId);
    return this.files.describe(p.projectId, revision.file.fileId);
  }
}
