import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsDefined, IsOptional, ValidateNested } from 'class-validator';
import { PermissionsDto } from './permissions.dto';

export class PutCompanyUserDto {
  @ApiPropertyOptional({ description: 'Company admin; unchanged when omitted (false for a new company user)' })
  @IsOptional()
  @IsBoolean()
  admin?: boolean;
}

export class CompanyUserDto {
  @ApiProperty() companyId!: string;
  @ApiProperty() userId!: string;
  @ApiProperty({ format: 'email' }) email!: string;
  @ApiProperty() name!: string;
  @ApiProperty() admin!: boolean;
}

export class PutProjectMemberDto {
  @ApiProperty({ type: PermissionsDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => PermissionsDto)
  permissions!: PermissionsDto;
}

export class ProjectMemberDto {
  @ApiProperty() projectId!: string;
  @ApiProperty() companyId!: string;
  @ApiProperty() userId!: string;
  @ApiProperty({ format: 'email' }) email!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: PermissionsDto }) permissions!: PermissionsDto;
}
