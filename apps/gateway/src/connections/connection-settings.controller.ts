import { Actor, GetDistributionListV1, ListDistributionListChangesV1, SetDistributionListV1 } from '@connect/contracts';
import { MessageBus } from '@connect/messaging';
import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, requireMembership } from '../auth';
import { ApiErrors } from '../http/api-errors.decorator';
import { ConnectionSettingsDto, DistributionListChangeDto } from './connection-settings.dto';

/** The Connection Manager settings of a project: its email distribution list (N1), kept by notification-service. */
@ApiTags('connections')
@Controller('projects/:projectId/connection-settings')
export class ConnectionSettingsController {
  constructor(private readonly bus: MessageBus) {}

  @Get()
  @ApiOperation({ summary: "The project's Connection Manager email distribution list (Connection Manager read_only or more)" })
  @ApiOkResponse({ type: ConnectionSettingsDto })
  @ApiErrors(403, 404)
  async get(@CurrentActor() actor: Actor, @Param('projectId') projectId: string): Promise<ConnectionSettingsDto> {
    requireMembership(actor, projectId);
    const { distributionList } = await this.bus.request(GetDistributionListV1, { actor, projectId });
    return { distributionList };
  }

  @Put()
  @ApiOperation({ summary: 'Replace the distribution list (Connection Manager admin)' })
  @ApiOkResponse({ type: ConnectionSettingsDto })
  @ApiErrors(400, 403, 404)
  async put(@CurrentActor() actor: Actor, @Param('projectId') projectId: string, @Body() body: ConnectionSettingsDto): Promise<ConnectionSettingsDto> {
    requireMembership(actor, projectId);
    const { distributionList } = await this.bus.request(SetDistributionListV1, { actor, projectId, distributionList: body.distributionList });
    return { distributionList };
  }

  @Get('changes')
  @ApiOperation({ summary: 'N1 audit: every edit of the distribution list, oldest first — who, when, before and after (Connection Manager read_only or more)' })
  @ApiOkResponse({ type: [DistributionListChangeDto] })
  @ApiErrors(403, 404)
  changes(@CurrentActor() actor: Actor, @Param('projectId') projectId: string): Promise<DistributionListChangeDto[]> {
    requireMembership(actor, projectId);
    return this.bus.request(ListDistributionListChangesV1, { actor, projectId });
  }
}
