import { Actor, DeleteDrawingV1, DrawingDetailView, DrawingView, GetDrawingV1, ListDrawingsV1, Page, UpdateDrawingV1 } from '@connect/contracts';
import { MessageBus } from '@connect/messaging';
import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Query } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, requireMembership } from '../auth';
import { ApiErrors } from '../http/api-errors.decorator';
import { DeleteQueryDto, ListDrawingsQueryDto, PageQueryDto, UpdateDrawingDto } from './dto/register-requests.dto';
import { DrawingDetailDto, DrawingDto, DrawingPageDto } from './dto/register-views.dto';

@ApiTags('drawings')
@Controller('projects/:projectId/drawings')
export class DrawingsController {
  constructor(private readonly bus: MessageBus) {}

  @Get()
  @ApiOperation({ summary: 'The register: drawings with a published revision, obsolete ones flagged (Drawings read_only+)' })
  @ApiOkResponse({ type: DrawingPageDto })
  @ApiErrors(400, 403, 404)
  list(@CurrentActor() actor: Actor, @Param('projectId') projectId: string, @Query() query: ListDrawingsQueryDto): Promise<Page<DrawingView>> {
    requireMembership(actor, projectId);
    return this.bus.request(ListDrawingsV1, { actor, projectId, ...query });
  }

  @Get(':drawingId')
  @ApiOperation({ summary: 'A drawing with its revisions (unpublished ones only for Drawings admins, D1)' })
  @ApiOkResponse({ type: DrawingDetailDto })
  @ApiErrors(403, 404)
  get(@CurrentActor() actor: Actor, @Param('projectId') projectId: string, @Param('drawingId') drawingId: string, @Query() query: PageQueryDto): Promise<DrawingDetailView> {
    requireMembership(actor, projectId);
    return this.bus.request(GetDrawingV1, { actor, projectId, drawingId, ...query });
  }

  @Patch(':drawingId')
  @ApiOperation({ summary: "Edit a drawing's metadata (D3, Drawings admin); 422 DRAWING_CONNECTED_READ_ONLY on a connected drawing (D6)" })
  @ApiOkResponse({ type: DrawingDto })
  @ApiErrors(400, 403, 404, 409, 422)
  update(@CurrentActor() actor: Actor, @Param('projectId') projectId: string, @Param('drawingId') drawingId: string, @Body() body: UpdateDrawingDto): Promise<DrawingView> {
    requireMembership(actor, projectId);
    return this.bus.request(UpdateDrawingV1, { actor, projectId, drawingId, ...body });
  }

  @Delete(':drawingId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a drawing with all its revisions (D4, Drawings admin); each goes to the Deleted Drawing Revisions report' })
  @ApiNoContentResponse()
  @ApiErrors(403, 404, 409)
  async delete(@CurrentActor() actor: Actor, @Param('projectId') projectId: string, @Param('drawingId') drawingId: string, @Query() query: DeleteQueryDto): Promise<void> {
    requireMembership(actor, projectId);
    await this.bus.request(DeleteDrawingV1, { actor, projectId, drawingId, reason: query.reason });
  }
}
