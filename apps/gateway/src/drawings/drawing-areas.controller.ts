import { Actor, AreaView, CreateAreaV1, DeleteAreaV1, ListAreasV1, Page, UpdateAreaV1 } from '@connect/contracts';
import { MessageBus } from '@connect/messaging';
import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, requireMembership } from '../auth';
import { ApiErrors } from '../http/api-errors.decorator';
import { CreateAreaDto, DeleteQueryDto, PageQueryDto, UpdateAreaDto } from './dto/register-requests.dto';
import { AreaDto, AreaPageDto } from './dto/register-views.dto';

@ApiTags('drawings')
@Controller('projects/:projectId/drawing-areas')
export class DrawingAreasController {
  constructor(private readonly bus: MessageBus) {}

  @Post()
  @ApiOperation({ summary: 'Create a drawing area (Drawings admin)' })
  @ApiCreatedResponse({ type: AreaDto })
  @ApiErrors(400, 403, 404)
  create(@CurrentActor() actor: Actor, @Param('projectId') projectId: string, @Body() body: CreateAreaDto): Promise<AreaView> {
    requireMembership(actor, projectId);
    return this.bus.request(CreateAreaV1, { actor, projectId, ...body });
  }

  @Get()
  @ApiOperation({ summary: 'Drawing areas of the project (Drawings read_only+)' })
  @ApiOkResponse({ type: AreaPageDto })
  @ApiErrors(400, 403, 404)
  list(@CurrentActor() actor: Actor, @Param('projectId') projectId: string, @Query() query: PageQueryDto): Promise<Page<AreaView>> {
    requireMembership(actor, projectId);
    return this.bus.request(ListAreasV1, { actor, projectId, ...query });
  }

  @Patch(':areaId')
  @ApiOperation({ summary: 'Rename or redescribe an area (D3, Drawings admin; read-only when connected, D6)' })
  @ApiOkResponse({ type: AreaDto })
  @ApiErrors(400, 403, 404, 409, 422)
  update(@CurrentActor() actor: Actor, @Param('projectId') projectId: string, @Param('areaId') areaId: string, @Body() body: UpdateAreaDto): Promise<AreaView> {
    requireMembership(actor, projectId);
    return this.bus.request(UpdateAreaV1, { actor, projectId, areaId, ...body });
  }

  @Delete(':areaId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete an area and its drawings (D4, Drawings admin); every revision goes to the Deleted Drawing Revisions report' })
  @ApiNoContentResponse()
  @ApiErrors(403, 404, 409)
  async delete(@CurrentActor() actor: Actor, @Param('projectId') projectId: string, @Param('areaId') areaId: string, @Query() query: DeleteQueryDto): Promise<void> {
    requireMembership(actor, projectId);
    await this.bus.request(DeleteAreaV1, { actor, projectId, areaId, reason: query.reason });
  }
}
