import { Actor, ConnectionDetails, ConnectionListItem, DomainError, ListConnectionsV1, Page, RequestConnectionV1 } from '@connect/contracts';
import { MessageBus } from '@connect/messaging';
import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, requireMembership } from '../auth';
import { DirectoryService } from '../directory';
import { ApiErrors } from '../http/api-errors.decorator';
import { ConnectionDto, ConnectionPageDto } from './connection.dto';
import { PageQueryDto, RequestConnectionDto } from './connection-requests.dto';

@ApiTags('connections')
@Controller('projects/:projectId/connections')
export class ProjectConnectionsController {
  constructor(
    private readonly bus: MessageBus,
    private readonly directory: DirectoryService,
  ) {}

  @Post()
  @ApiOperation({
    summary: 'Connect this (downstream) project to an upstream project',
    description:
      'C1: the caller is a user at both companies, a member of both projects, Connection Manager admin on this project and Drawings read_only or more on both. ' +
      'Active at once under the upstream company’s automatic approval, pending under manual approval (C8).',
  })
  @ApiCreatedResponse({ type: ConnectionDto })
  @ApiErrors(403, 404, 409, 422)
  async request(@CurrentActor() actor: Actor, @Param('projectId') projectId: string, @Body() body: RequestConnectionDto): Promise<ConnectionDetails> {
    requireMembership(actor, projectId);
    const [downstream, upstream] = await Promise.all([this.directory.getProjectRef(projectId), this.directory.getProjectRef(body.upstreamProjectId)]);
    if (!downstream) throw new DomainError('PROJECT_NOT_FOUND', `project ${projectId} not found`);
    if (!upstream) throw new DomainError('PROJECT_NOT_FOUND', `project ${body.upstreamProjectId} not found`);
    return this.bus.request(RequestConnectionV1, { actor, downstream, upstream, features: body.features });
  }

  @Get()
  @ApiOperation({ summary: 'Connections of this project, on either side, newest request first (C12)' })
  @ApiOkResponse({ type: ConnectionPageDto })
  @ApiErrors(403, 404)
  list(@CurrentActor() actor: Actor, @Param('projectId') projectId: string, @Query() query: PageQueryDto): Promise<Page<ConnectionListItem>> {
    requireMembership(actor, projectId);
    return this.bus.request(ListConnectionsV1, { actor, projectId, limit: query.limit, cursor: query.cursor });
  }
}
