import {
  Actor,
  ApproveConnectionV1,
  CancelConnectionV1,
  ConnectionAuditEntry,
  ConnectionDetails,
  DisconnectConnectionV1,
  GetConnectionV1,
  ListConnectionEventsV1,
  Page,
  DomainError,
  RejectConnectionV1,
  ResyncConnectionV1,
  UndoConnectionV1,
} from '@connect/contracts';
import { MessageBus } from '@connect/messaging';
import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '../auth';
import { ApiErrors } from '../http/api-errors.decorator';
import { ConnectionAuditPageDto, ConnectionDto, ResyncStartedDto } from './connection.dto';
import { DisconnectConnectionDto, PageQueryDto, RejectConnectionDto } from './connection-requests.dto';

/**
 * One connection. Which projects it joins is connection-service's to know, so
 * it also decides visibility: a caller who is a member of neither project gets
 * 404 CONNECTION_NOT_FOUND, as for an unknown id.
 */
@ApiTags('connections')
@Controller('connections/:connectionId')
export class ConnectionsController {
  constructor(private readonly bus: MessageBus) {}

  @Get()
  @ApiOperation({ summary: 'A connection, for members of either project' })
  @ApiOkResponse({ type: ConnectionDto })
  @ApiErrors(403, 404)
  get(@CurrentActor() actor: Actor, @Param('connectionId') connectionId: string): Promise<ConnectionDetails> {
    return this.bus.request(GetConnectionV1, { actor, connectionId });
  }

  @Post('approve')
  @HttpCode(200)
  @ApiOperation({ summary: 'Approve a pending request (upstream Connection Manager admin; C8, C5 checked again)' })
  @ApiOkResponse({ type: ConnectionDto })
  @ApiErrors(403, 404, 409, 422)
  approve(@CurrentActor() actor: Actor, @Param('connectionId') connectionId: string): Promise<ConnectionDetails> {
    return this.bus.request(ApproveConnectionV1, { actor, connectionId });
  }

  @Post('reject')
  @HttpCode(200)
  @ApiOperation({ summary: 'Reject a pending request (upstream Connection Manager admin; C8)' })
  @ApiOkResponse({ type: ConnectionDto })
  @ApiErrors(403, 404, 409)
  reject(@CurrentActor() actor: Actor, @Param('connectionId') connectionId: string, @Body() body: RejectConnectionDto): Promise<ConnectionDetails> {
    return this.bus.request(RejectConnectionV1, { actor, connectionId, reason: body.reason });
  }

  @Post('cancel')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel a pending request (downstream Connection Manager admin; C8)' })
  @ApiOkResponse({ type: ConnectionDto })
  @ApiErrors(403, 404, 409)
  cancel(@CurrentActor() actor: Actor, @Param('connectionId') connectionId: string): Promise<ConnectionDetails> {
    return this.bus.request(CancelConnectionV1, { actor, connectionId });
  }

  @Post('disconnect')
  @HttpCode(200)
  @ApiOperation({ summary: 'Disconnect for good (Connection Manager admin of either project, terms accepted, reason given; C10, C11)' })
  @ApiOkResponse({ type: ConnectionDto })
  @ApiErrors(403, 404, 409, 422)
  disconnect(@CurrentActor() actor: Actor, @Param('connectionId') connectionId: string, @Body() body: DisconnectConnectionDto): Promise<ConnectionDetails> {
    return this.bus.request(DisconnectConnectionV1, { actor, connectionId, acceptTerms: body.acceptTerms === true, reason: body.reason ?? '' });
  }

  @Post('undo')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Quick undo (C14)',
    description:
      'Downstream Connection Manager admin, until `undoableUntil`: the request is undone (status `undone`). ' +
      'Upstream Connection Manager admin, until `approvalUndoableUntil`: the manual approval is undone (status `pending`).',
  })
  @ApiOkResponse({ type: ConnectionDto })
  @ApiErrors(403, 404, 409, 422)
  undo(@CurrentActor() actor: Actor, @Param('connectionId') connectionId: string): Promise<ConnectionDetails> {
    return this.bus.request(UndoConnectionV1, { actor, connectionId });
  }

  @Post('resync')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Repair the downstream copies (Connection Manager admin of either project, active connections)',
    description:
      'Compares the downstream copies with the upstream register and repairs every difference: missing copies are made, ' +
      'copies that differ from the upstream state are rewritten, copies whose upstream revision is gone are removed. ' +
      'Runs in the background (watch `sync` on the connection); it also runs by itself on a schedule.',
  })
  @ApiResponse({ status: 202, type: ResyncStartedDto, description: 'The repair started' })
  @ApiErrors(401, 403, 404, 409)
  async resync(@CurrentActor() actor: Actor, @Param('connectionId') connectionId: string): Promise<ResyncStartedDto> {
    const connection = await this.bus.request(GetConnectionV1, { actor, connectionId });
    const sides = [connection.upstream.projectId, connection.downstream.projectId];
    if (!actor.memberships.some((m) => sides.includes(m.projectId) && m.connectionManager === 'admin')) {
      throw new DomainError('PERMISSION_REQUIRED', 'Connection Manager admin on the upstream or the downstream project is required to resync');
    }
    if (connection.status !== 'active') throw new DomainError('CONNECTION_INVALID_STATE', `a ${connection.status} connection is not synced`);
    const { sync: _progress, ...view } = connection;
    await this.bus.request(ResyncConnectionV1, { connection: view });
    return { connectionId, started: true };
  }

  @Get('events')
  @ApiOperation({ summary: 'Audit trail of the connection’s decisions, oldest first' })
  @ApiOkResponse({ type: ConnectionAuditPageDto })
  @ApiErrors(403, 404)
  events(@CurrentActor() actor: Actor, @Param('connectionId') connectionId: string, @Query() query: PageQueryDto): Promise<Page<ConnectionAuditEntry>> {
    return this.bus.request(ListConnectionEventsV1, { actor, connectionId, limit: query.limit, cursor: query.cursor });
  }
}
