import { Body, Controller, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../../auth/current-principal.decorator';
import { Principal } from '../../auth/principal';
import { ApiErrors } from '../../http/api-errors.decorator';
import { CreateProjectDto, ProjectDto } from './project.dto';
import { ProjectsService } from './projects.service';

@ApiTags('directory')
@Controller('companies/:companyId/projects')
export class ProjectsController {
  constructor(private readonly projects: ProjectsService) {}

  @Post()
  @ApiOperation({ summary: 'Create a project of a company (operator, or an admin of the company)' })
  @ApiCreatedResponse({ type: ProjectDto })
  @ApiErrors(403, 404)
  create(@CurrentPrincipal() principal: Principal, @Param('companyId') companyId: string, @Body() body: CreateProjectDto): Promise<ProjectDto> {
    return this.projects.create(principal, companyId, body);
  }
}
