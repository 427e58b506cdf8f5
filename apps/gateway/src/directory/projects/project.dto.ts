import { ApiProperty } from '@nestjs/swagger';
import { IsName } from '../../common/is-name.decorator';

export class CreateProjectDto {
  @ApiProperty({ example: 'Riverside Tower' }) @IsName() name!: string;
}

export class ProjectDto {
  @ApiProperty() id!: string;
  @ApiProperty() companyId!: string;
  @ApiProperty() name!: string;
}
