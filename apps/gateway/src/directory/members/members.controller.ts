import { Body, Controller, Param, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../../auth/current-principal.decorator';
import { Principal } from '../../auth/principal';
import { ApiErrors } from '../../http/api-errors.decorator';
import { CompanyUserDto, ProjectMemberDto, PutCompanyUserDto, PutProjectMemberDto } from './member.dto';
import { MembersService } from './members.service';

@ApiTags('directory')
@Controller()
export class MembersController {
  constructor(private readonly members: MembersService) {}

  @Put('companies/:companyId/users/:userId')
  @ApiOperation({ summary: 'Make a user a user at the company, or change their admin flag (operator, or an admin of the company)' })
  @ApiOkResponse({ type: CompanyUserDto })
  @ApiErrors(403, 404, 409)
  putCompanyUser(
    @CurrentPrincipal() principal: Principal,
    @Param('companyId') companyId: string,
    @Param('userId') userId: string,
    @Body() body: PutCompanyUserDto,
  ): Promise<CompanyUserDto> {
    return this.members.putCompanyUser(principal, companyId, userId, body);
  }

  @Put('projects/:projectId/members/:userId')
  @ApiOperation({
    summary: "Set a user's permissions on a project (operator, or an admin of the project's company); also makes them a user at the project's company",
  })
  @ApiOkResponse({ type: ProjectMemberDto })
  @ApiErrors(403, 404, 409)
  putProjectMember(
    @CurrentPrincipal() principal: Principal,
    @Param('projectId') projectId: string,
    @Param('userId') userId: string,
    @Body() body: PutProjectMemberDto,
  ): Promise<ProjectMemberDto> {
    return this.members.putProjectMember(principal, projectId, userId, body);
  }
}
