import { Body, Controller, Param, Patch, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../../auth/current-principal.decorator';
import { Principal } from '../../auth/principal';
import { ApiErrors } from '../../http/api-errors.decorator';
import { CompaniesService } from './companies.service';
import { CompanyDto, CreateCompanyDto, UpdateCompanySettingsDto } from './company.dto';

@ApiTags('directory')
@Controller('companies')
export class CompaniesController {
  constructor(private readonly companies: CompaniesService) {}

  @Post()
  @ApiOperation({ summary: 'Create a company (operator only)' })
  @ApiCreatedResponse({ type: CompanyDto })
  @ApiErrors(403)
  create(@CurrentPrincipal() principal: Principal, @Body() body: CreateCompanyDto): Promise<CompanyDto> {
    return this.companies.create(principal, body);
  }

  @Patch(':companyId/settings')
  @ApiOperation({ summary: "Change a company's settings (operator, or an admin of the company)" })
  @ApiOkResponse({ type: CompanyDto })
  @ApiErrors(403, 404, 409)
  updateSettings(@CurrentPrincipal() principal: Principal, @Param('companyId') companyId: string, @Body() body: UpdateCompanySettingsDto): Promise<CompanyDto> {
    return this.companies.updateSettings(principal, companyId, body);
  }
}
