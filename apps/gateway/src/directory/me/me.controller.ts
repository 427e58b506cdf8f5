import { Actor } from '@connect/contracts';
import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '../../auth/current-principal.decorator';
import { ApiErrors } from '../../http/api-errors.decorator';
import { DirectoryService } from '../directory.service';
import { MeDto } from './me.dto';

@ApiTags('directory')
@Controller('me')
export class MeController {
  constructor(private readonly directory: DirectoryService) {}

  @Get()
  @ApiOperation({ summary: 'The calling user, their companies and their projects with permissions (user tokens only)' })
  @ApiOkResponse({ type: MeDto })
  @ApiErrors(403)
  async me(@CurrentActor() actor: Actor): Promise<MeDto> {
    const [companies, projects] = await Promise.all([
      Promise.all(actor.companies.map(async (c) => ({ id: c.companyId, name: (await this.directory.company(c.companyId))?.name ?? '', admin: c.admin }))),
      Promise.all(
        actor.memberships.map(async (m) => ({
          id: m.projectId,
          companyId: m.companyId,
          name: (await this.directory.project(m.projectId))?.name ?? '',
          permissions: { connectionManager: m.connectionManager, drawings: m.drawings },
        })),
      ),
    ]);
    return { id: actor.userId, email: actor.email, name: actor.name, companies, projects };
  }
}
