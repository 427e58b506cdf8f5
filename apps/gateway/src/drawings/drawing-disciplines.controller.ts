import { Actor, CreateDisciplineV1, DisciplineView, ListDisciplinesV1, Page, UpdateDisciplineV1 } from '@connect/contracts';
import { MessageBus } from '@connect/messaging';
import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, requireMembership } from '../auth';
import { ApiErrors } from '../http/api-errors.decorator';
import { CreateDisciplineDto, PageQueryDto, UpdateDisciplineDto } from './dto/register-requests.dto';
import { DisciplineDto, DisciplinePageDto } from './dto/register-views.dto';

@ApiTags('drawings')
@Controller('projects/:projectId/drawing-disciplines')
export class DrawingDisciplinesController {
  constructor(private readonly bus: MessageBus) {}

  @Post()
  @ApiOperation({ summary: 'Create a discipline (Drawings admin)' })
  @ApiCreatedResponse({ type: DisciplineDto })
  @ApiErrors(400, 403, 404)
  create(@CurrentActor() actor: Actor, @Param('projectId') projectId: string, @Body() body: CreateDisciplineDto): Promise<DisciplineView> {
    requireMembership(actor, projectId);
    return this.bus.request(CreateDisciplineV1, { actor, projectId, ...body });
  }

  @Get()
  @ApiOperation({ summary: 'Disciplines of the project (Drawings read_only+)' })
  @ApiOkResponse({ type: DisciplinePageDto })
  @ApiErrors(400, 403, 404)
  list(@CurrentActor() actor: Actor, @Param('projectId') projectId: string, @Query() query: PageQueryDto): Promise<Page<DisciplineView>> {
    requireMembership(actor, projectId);
    return this.bus.request(ListDisciplinesV1, { actor, projectId, ...query });
  }

  @Patch(':disciplineId')
  @ApiOperation({ summary: 'Rename or move a discipline (D3, Drawings admin; read-only when connected, D6)' })
  @ApiOkResponse({ type: DisciplineDto })
  @ApiErrors(400, 403, 404, 409, 422)
  update(
    @CurrentActor() actor: Actor,
    @Param('projectId') projectId: string,
    @Param('disciplineId') disciplineId: string,
    @Body() body: UpdateDisciplineDto,
  ): Promise<DisciplineView> {
    requireMembership(actor, projectId);
    return this.bus.request(UpdateDisciplineV1, { actor, projectId, disciplineId, ...body });
  }
}
