import { Actor, DeletedRevisionView, ListDeletedRevisionsV1, Page } from '@connect/contracts';
import { MessageBus } from '@connect/messaging';
import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, requireMembership } from '../auth';
import { ApiErrors } from '../http/api-errors.decorator';
import { PageQueryDto } from './dto/register-requests.dto';
import { DeletedRevisionPageDto } from './dto/register-views.dto';

@ApiTags('drawings')
@Controller('projects/:projectId/reports/deleted-drawing-revisions')
export class DeletedRevisionsReportController {
  constructor(private readonly bus: MessageBus) {}

  @Get()
  @ApiOperation({ summary: 'Deleted Drawing Revisions report: who deleted what, when and why (D4, Drawings admin)' })
  @ApiOkResponse({ type: DeletedRevisionPageDto })
  @ApiErrors(400, 403, 404)
  list(@CurrentActor() actor: Actor, @Param('projectId') projectId: string, @Query() query: PageQueryDto): Promise<Page<DeletedRevisionView>> {
    requireMembership(actor, projectId);
    return this.bus.request(ListDeletedRevisionsV1, { actor, projectId, ...query });
  }
}
