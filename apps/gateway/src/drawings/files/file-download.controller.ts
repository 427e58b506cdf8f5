import { Actor, FileOpenV1 } from '@connect/contracts';
import { MessageBus } from '@connect/messaging';
import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentActor, requireMembership } from '../../auth';
import { ApiErrors } from '../../http/api-errors.decorator';
import { FileDownloadService } from './file-download.service';
import { contentDisposition, etagOf, matchesIfNoneMatch } from './http-caching';

@ApiTags('drawings')
@Controller('projects/:projectId/drawing-revisions/:revisionId/file')
export class FileDownloadController {
  constructor(
    private readonly bus: MessageBus,
    private readonly downloads: FileDownloadService,
  ) {}

  /**
   * D2: the revision's file byte for byte, streamed; `ETag` is its SHA-256,
   * so `If-None-Match` answers 304 without a byte. Visibility as D1
   * (unpublished revisions only for Drawings admins; others see 404).
   */
  @Get()
  @ApiOperation({ summary: "Download a revision's file" })
  @ApiProduces('application/pdf', 'image/png', 'image/jpeg', 'image/tiff')
  @ApiOkResponse({ description: 'The file as uploaded; `ETag` = `"<sha256>"`', schema: { type: 'string', format: 'binary' } })
  @ApiResponse({ status: 304, description: '`If-None-Match` names the current ETag' })
  @ApiErrors(403, 404)
  async download(
    @CurrentActor() actor: Actor,
    @Param('projectId') projectId: string,
    @Param('revisionId') revisionId: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    requireMembership(actor, projectId);
    const file = await this.bus.request(FileOpenV1, { actor, projectId, revisionId });
    const etag = etagOf(file.sha256);
    res.setHeader('ETag', etag);
    res.setHeader('Cache-Control', 'private, no-cache');
    if (matchesIfNoneMatch(req.headers['if-none-match'], etag)) {
      res.status(304).end();
      return;
    }
    res.status(200);
    res.setHeader('Content-Type', file.contentType);
    res.setHeader('Content-Length', String(file.size));
    res.setHeader('Content-Disposition', contentDisposition(file.filename));
    res.setHeader('X-Content-Type-Options', 'nosniff');
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    await this.downloads.streamTo(res, projectId, file);
  }
}
