import { CONNECTION_APPROVAL_MODES, ConnectionApprovalMode } from '@connect/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, ValidateNested } from 'class-validator';
import { IsName } from '../../common/is-name.decorator';

export class UpdateCompanySettingsDto {
  @ApiPropertyOptional({ enum: CONNECTION_APPROVAL_MODES, description: 'How requests to connect to this company\'s projects are approved (C8)' })
  @IsOptional()
  @IsIn(CONNECTION_APPROVAL_MODES)
  connectionApproval?: ConnectionApprovalMode;

  @ApiPropertyOptional({ description: 'Opted in to the connection beta (C6)' })
  @IsOptional()
  @IsBoolean()
  connectBeta?: boolean;
}

export class CreateCompanyDto {
  @ApiProperty({ example: 'Summit Builders' }) @IsName() name!: string;

  @ApiPropertyOptional({ default: false, description: 'A GovCloud company takes no part in connections (C4)' })
  @IsOptional()
  @IsBoolean()
  govCloud?: boolean;

  @ApiPropertyOptional({ type: UpdateCompanySettingsDto, description: 'Initial settings; defaults: automatic approval, not in the beta' })
  @IsOptional()
  @ValidateNested()
  @Type(() => UpdateCompanySettingsDto)
  settings?: UpdateCompanySettingsDto;
}

export class CompanySettingsDto {
  @ApiProperty({ enum: CONNECTION_APPROVAL_MODES }) connectionApproval!: ConnectionApprovalMode;
  @ApiProperty() connectBeta!: boolean;
}

export class CompanyDto {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() govCloud!: boolean;
  @ApiProperty({ type: CompanySettingsDto }) settings!: CompanySettingsDto;
}
