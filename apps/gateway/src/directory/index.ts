export { DirectoryService } from './directory.service';
export type { ProjectMemberInfo } from './directory.service';
export { DirectoryModule } from './directory.module';
