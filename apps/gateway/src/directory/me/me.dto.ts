import { ApiProperty } from '@nestjs/swagger';
import { PermissionsDto } from '../members/permissions.dto';

export class MyCompanyDto {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() admin!: boolean;
}

export class MyProjectDto {
  @ApiProperty() id!: string;
  @ApiProperty() companyId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: PermissionsDto }) permissions!: PermissionsDto;
}

export class MeDto {
  @ApiProperty() id!: string;
  @ApiProperty({ format: 'email' }) email!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: [MyCompanyDto] }) companies!: MyCompanyDto[];
  @ApiProperty({ type: [MyProjectDto] }) projects!: MyProjectDto[];
}
