import { IsOptional, IsString } from 'class-validator';

/**
 * The form fields of an upload (`POST /drawing-revisions`) as multipart
 * sends them: strings, any of them possibly missing. They are deliberately
 * loose here so that a bad form always reaches drawing-service, which
 * refuses it with VALIDATION_FAILED naming the field and discards the upload.
 */
export class RevisionUploadFields {
  @IsOptional() @IsString() areaId?: string;
  @IsOptional() @IsString() disciplineId?: string;
  @IsOptional() @IsString() setId?: string;
  @IsOptional() @IsString() drawingNumber?: string;
  @IsOptional() @IsString() title?: string;
  @IsOptional() @IsString() revisionNumber?: string;
  @IsOptional() @IsString() revisionStatus?: string;
  @IsOptional() @IsString() drawingDate?: string;
  @IsOptional() @IsString() receivedDate?: string;
}
