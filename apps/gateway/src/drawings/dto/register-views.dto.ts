import {
  AreaView,
  CurrentRevisionView,
  DeletedRevisionView,
  DisciplineView,
  DrawingDetailView,
  DrawingView,
  MarkupView,
  RevisionView,
  SetView,
} from '@connect/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/* The answers of the Drawings endpoints, documented (API.md "A drawing", "A revision"). */

const nullable = (description?: string, format?: string) => ({ type: String, nullable: true, description, format });
const connected = { description: 'D6: copied from an upstream project; its synced metadata is read-only here' };

export class AreaDto implements AreaView {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty(nullable()) description!: string | null;
  @ApiProperty(connected) connected!: boolean;
}

export class DisciplineDto implements DisciplineView {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() position!: number;
  @ApiProperty(connected) connected!: boolean;
}

export class SetDto implements SetView {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ format: 'date' }) date!: string;
  @ApiProperty(connected) connected!: boolean;
}

export class SetRefDto {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ format: 'date' }) date!: string;
}

export class AreaRefDto {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty(nullable()) description!: string | null;
}

export class DisciplineRefDto {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() position!: number;
}

export class SourceDto {
  @ApiProperty() companyName!: string;
  @ApiProperty() projectName!: string;
}

export class CurrentRevisionDto implements CurrentRevisionView {
  @ApiProperty() id!: string;
  @ApiProperty({ description: 'Ordered numerically when all digits, else naturally (A < B < C2 < C10)' }) revisionNumber!: string;
  @ApiProperty(nullable()) revisionStatus!: string | null;
  @ApiProperty(nullable(undefined, 'date')) drawingDate!: string | null;
  @ApiProperty(nullable(undefined, 'date')) receivedDate!: string | null;
  @ApiProperty({ type: SetRefDto, nullable: true }) set!: SetRefDto | null;
  @ApiProperty({ description: 'SHA-256 of the file, hex' }) sha256!: string;
  @ApiProperty() published!: boolean;
}

export class RevisionDto extends CurrentRevisionDto implements RevisionView {
  @ApiProperty() drawingId!: string;
  @ApiProperty() drawingNumber!: string;
  @ApiProperty() title!: string;
  @ApiProperty(connected) connected!: boolean;
  @ApiProperty(nullable(undefined, 'date-time')) publishedAt!: string | null;
  @ApiProperty() fileId!: string;
  @ApiProperty({ description: 'Bytes' }) size!: number;
  @ApiProperty() contentType!: string;
  @ApiProperty() filename!: string;
  @ApiProperty(nullable('User id of the uploader; null for connected copies')) uploadedBy!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class DrawingDto implements DrawingView {
  @ApiProperty() id!: string;
  @ApiProperty() number!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ description: 'Obsolete drawings stay in the register, flagged' }) obsolete!: boolean;
  @ApiProperty(connected) connected!: boolean;
  @ApiProperty({ description: 'D6: a newer connected revision awaits review' }) connectedUpdateAvailable!: boolean;
  @ApiPropertyOptional({ type: SourceDto, description: 'D6: the source of a connected drawing' }) source?: SourceDto;
  @ApiProperty({ type: AreaRefDto }) area!: AreaRefDto;
  @ApiProperty({ type: DisciplineRefDto }) discipline!: DisciplineRefDto;
  @ApiProperty({ type: CurrentRevisionDto, nullable: true, description: 'The highest published revision' }) currentRevision!: CurrentRevisionDto | null;
}

export class DrawingDetailDto extends DrawingDto implements DrawingDetailView {
  @ApiProperty({ type: [RevisionDto], description: 'One page of them (`?limit=`, `?cursor=`), highest first; unpublished ones only for Drawings admins' })
  revisions!: RevisionDto[];
  @ApiProperty({ type: String, nullable: true, description: 'The `cursor` of the next page of revisions; null on the last' }) revisionsNextCursor!: string | null;
}

export class MarkupDto implements MarkupView {
  @ApiProperty() id!: string;
  @ApiProperty() revisionId!: string;
  @ApiProperty() kind!: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) data!: unknown;
  @ApiProperty({ description: 'User id' }) createdBy!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class DeletedRevisionDto implements DeletedRevisionView {
  @ApiProperty() revisionId!: string;
  @ApiProperty() drawingId!: string;
  @ApiProperty() drawingNumber!: string;
  @ApiProperty() title!: string;
  @ApiProperty() revisionNumber!: string;
  @ApiProperty({ format: 'date-time' }) deletedAt!: string;
  @ApiProperty(nullable('User id of who deleted it; null when deleted upstream')) deletedBy!: string | null;
  @ApiProperty(nullable()) deletedByName!: string | null;
  @ApiProperty({ description: 'Given by who deleted it, or "deleted upstream"' }) reason!: string;
}

export class PublishedCountDto {
  @ApiProperty({ description: 'Revisions that were not published before' }) published!: number;
}

function pageOf<T>(item: new () => T, name: string) {
  class PageDto {
    @ApiProperty({ type: [item] }) items!: T[];
    @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
  }
  Object.defineProperty(PageDto, 'name', { value: name });
  return PageDto;
}

export class AreaPageDto extends pageOf(AreaDto, 'AreaPageDto') {}
export class DisciplinePageDto extends pageOf(DisciplineDto, 'DisciplinePageDto') {}
export class SetPageDto extends pageOf(SetDto, 'SetPageDto') {}
export class RevisionPageDto extends pageOf(RevisionDto, 'RevisionPageDto') {}
export class DrawingPageDto extends pageOf(DrawingDto, 'DrawingPageDto') {}
export class MarkupPageDto extends pageOf(MarkupDto, 'MarkupPageDto') {}
export class DeletedRevisionPageDto extends pageOf(DeletedRevisionDto, 'DeletedRevisionPageDto') {}
