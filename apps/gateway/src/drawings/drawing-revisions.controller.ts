import {
  Actor,
  CreateRevisionV1,
  GetRevisionV1,
  ListRevisionsV1,
  Page,
  PrecheckRevisionV1,
  PublishRevisionsV1,
  RevisionUploadFields,
  RevisionView,
  UpdateRevisionV1,
} from '@connect/contracts';
import { MessageBus } from '@connect/messaging';
import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, Req } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { CurrentActor, requireMembership } from '../auth';
import { ApiErrors } from '../http/api-errors.decorator';
import { FILE_FIELD, UploadService, UploadSlots } from './files';
import { ListRevisionsQueryDto, PublishRevisionsDto, UpdateRevisionDto } from './dto/register-requests.dto';
import { PublishedCountDto, RevisionDto, RevisionPageDto } from './dto/register-views.dto';

const UPLOAD_FIELDS: readonly (keyof RevisionUploadFields)[] = [
  'areaId',
  'disciplineId',
  'setId',
  'drawingNumber',
  'title',
  'revisionNumber',
  'revisionStatus',
  'drawingDate',
  'receivedDate',
];

const text = (description?: string) => ({ type: 'string', description });

@ApiTags('drawings')
@Controller('projects/:projectId/drawing-revisions')
export class DrawingRevisionsController {
  constructor(
    private readonly bus: MessageBus,
    private readonly uploads: UploadService,
    private readonly slots: UploadSlots,
  ) {}

  /**
   * D1 upload. drawing-service judges the permission before a byte is
   * taken, the file streams to it (413/415 refused on the way), then the
   * revision is created from the finished upload with the form's fields,
   * which may come before or after the file.
   */
  @Post()
  @ApiOperation({ summary: 'Upload a drawing revision (Drawings standard+); it is unpublished until a Drawings admin publishes it (D1)' })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: [FILE_FIELD, 'areaId', 'disciplineId', 'drawingNumber', 'title', 'revisionNumber'],
      properties: {
        [FILE_FIELD]: { type: 'string', format: 'binary', description: 'PDF, PNG, JPEG or TIFF (D2)' },
        areaId: text(),
        disciplineId: text(),
        setId: text(),
        drawingNumber: text('A new number creates the drawing; an existing one adds a revision to it'),
        title: text('Title of a new drawing'),
        revisionNumber: text(),
        revisionStatus: text(),
        drawingDate: { type: 'string', format: 'date' },
        receivedDate: { type: 'string', format: 'date' },
      },
    },
  })
  @ApiCreatedResponse({ type: RevisionDto })
  @ApiErrors(400, 403, 404, 413, 415, 422, 429)
  async upload(@CurrentActor() actor: Actor, @Param('projectId') projectId: string, @Req() req: Request): Promise<RevisionView> {
    requireMembership(actor, projectId);
    const release = this.slots.acquire(actor.userId);
    try {
      await this.bus.request(PrecheckRevisionV1, { actor, projectId });
      const upload = await this.uploads.streamUpload(req, projectId);
      const fields: RevisionUploadFields = {};
      for (const name of UPLOAD_FIELDS) if (upload.fields[name] !== undefined) fields[name] = upload.fields[name];
      return await this.bus.request(CreateRevisionV1, { actor, projectId, uploadId: upload.uploadId, fields });
    } finally {
      release();
    }
  }

  @Post('publish')
  @HttpCode(200)
  @ApiOperation({ summary: 'Publish revisions in bulk (D1, Drawings admin); all ids must exist or nothing is published' })
  @ApiOkResponse({ type: PublishedCountDto })
  @ApiErrors(400, 403, 404)
  publish(@CurrentActor() actor: Actor, @Param('projectId') projectId: string, @Body() body: PublishRevisionsDto): Promise<{ published: number }> {
    requireMembership(actor, projectId);
    return this.bus.request(PublishRevisionsV1, { actor, projectId, revisionIds: body.revisionIds });
  }

  @Get()
  @ApiOperation({ summary: 'Published revisions (Drawings read_only+), or with ?published=false those awaiting review (Drawings admin)' })
  @ApiOkResponse({ type: RevisionPageDto })
  @ApiErrors(400, 403, 404)
  list(@CurrentActor() actor: Actor, @Param('projectId') projectId: string, @Query() query: ListRevisionsQueryDto): Promise<Page<RevisionView>> {
    requireMembership(actor, projectId);
    return this.bus.request(ListRevisionsV1, { actor, projectId, ...query });
  }

  @Get(':revisionId')
  @ApiOperation({ summary: 'A revision (unpublished ones only for Drawings admins, D1)' })
  @ApiOkResponse({ type: RevisionDto })
  @ApiErrors(403, 404)
  get(@CurrentActor() actor: Actor, @Param('projectId') projectId: string, @Param('revisionId') revisionId: string): Promise<RevisionView> {
    requireMembership(actor, projectId);
    return this.bus.request(GetRevisionV1, { actor, projectId, revisionId });
  }

  @Patch(':revisionId')
  @ApiOperation({ summary: "Edit a revision's metadata (D3, Drawings admin; read-only when connected, D6)" })
  @ApiOkResponse({ type: RevisionDto })
  @ApiErrors(400, 403, 404, 409, 422)
  update(
    @CurrentActor() actor: Actor,
    @Param('projectId') projectId: string,
    @Param('revisionId') revisionId: string,
    @Body() body: UpdateRevisionDto,
  ): Promise<RevisionView> {
    requireMembership(actor, projectId);
    return this.bus.request(UpdateRevisionV1, { actor, projectId, revisionId, ...body });
  }
}
