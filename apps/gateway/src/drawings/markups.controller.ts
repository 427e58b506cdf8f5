import { Actor, CreateMarkupV1, ListMarkupsV1, MarkupView, Page } from '@connect/contracts';
import { MessageBus } from '@connect/messaging';
import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, requireMembership } from '../auth';
import { ApiErrors } from '../http/api-errors.decorator';
import { CreateMarkupDto, PageQueryDto } from './dto/register-requests.dto';
import { MarkupDto, MarkupPageDto } from './dto/register-views.dto';

@ApiTags('drawings')
@Controller('projects/:projectId/drawing-revisions/:revisionId/markups')
export class MarkupsController {
  constructor(private readonly bus: MessageBus) {}

  @Post()
  @ApiOperation({ summary: 'Mark up a revision (D5, Drawings read_only+); markups stay in this project, connected copies included' })
  @ApiCreatedResponse({ type: MarkupDto })
  @ApiErrors(400, 403, 404)
  create(@CurrentActor() actor: Actor, @Param('projectId') projectId: string, @Param('revisionId') revisionId: string, @Body() body: CreateMarkupDto): Promise<MarkupView> {
    requireMembership(actor, projectId);
    return this.bus.request(CreateMarkupV1, { actor, projectId, revisionId, kind: body.kind, data: body.data });
  }

  @Get()
  @ApiOperation({ summary: "This project's markups of a revision (D5)" })
  @ApiOkResponse({ type: MarkupPageDto })
  @ApiErrors(400, 403, 404)
  list(@CurrentActor() actor: Actor, @Param('projectId') projectId: string, @Param('revisionId') revisionId: string, @Query() query: PageQueryDto): Promise<Page<MarkupView>> {
    requireMembership(actor, projectId);
    return this.bus.request(ListMarkupsV1, { actor, projectId, revisionId, ...query });
  }
}
