import { Actor, CreateSetV1, ListSetsV1, Page, SetView, UpdateSetV1 } from '@connect/contracts';
import { MessageBus } from '@connect/messaging';
import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, requireMembership } from '../auth';
import { ApiErrors } from '../http/api-errors.decorator';
import { CreateSetDto, PageQueryDto, UpdateSetDto } from './dto/register-requests.dto';
import { SetDto, SetPageDto } from './dto/register-views.dto';

@ApiTags('drawings')
@Controller('projects/:projectId/drawing-sets')
export class DrawingSetsController {
  constructor(private readonly bus: MessageBus) {}

  @Post()
  @ApiOperation({ summary: 'Create a drawing set (Drawings admin)' })
  @ApiCreatedResponse({ type: SetDto })
  @ApiErrors(400, 403, 404)
  create(@CurrentActor() actor: Actor, @Param('projectId') projectId: string, @Body() body: CreateSetDto): Promise<SetView> {
    requireMembership(actor, projectId);
    return this.bus.request(CreateSetV1, { actor, projectId, ...body });
  }

  @Get()
  @ApiOperation({ summary: 'Drawing sets of the project (Drawings read_only+)' })
  @ApiOkResponse({ type: SetPageDto })
  @ApiErrors(400, 403, 404)
  list(@CurrentActor() actor: Actor, @Param('projectId') projectId: string, @Query() query: PageQueryDto): Promise<Page<SetView>> {
    requireMembership(actor, projectId);
    return this.bus.request(ListSetsV1, { actor, projectId, ...query });
  }

  @Patch(':setId')
  @ApiOperation({ summary: 'Rename or redate a set (D3, Drawings admin; read-only when connected, D6)' })
  @ApiOkResponse({ type: SetDto })
  @ApiErrors(400, 403, 404, 409, 422)
  update(@CurrentActor() actor: Actor, @Param('projectId') projectId: string, @Param('setId') setId: string, @Body() body: UpdateSetDto): Promise<SetView> {
    requireMembership(actor, projectId);
    return this.bus.request(UpdateSetV1, { actor, projectId, setId, ...body });
  }
}
