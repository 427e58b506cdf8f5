import { DistributionListChange, MAX_DISTRIBUTION_LIST } from '@connect/contracts';
import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsEmail } from 'class-validator';

export class ConnectionSettingsDto {
  @ApiProperty({
    type: [String],
    example: ['pm@apex-electrical.example'],
    maxItems: MAX_DISTRIBUTION_LIST,
    description: "Who is emailed about this project's connections (N1, N2). Until edited: the project's Connection Manager admins.",
  })
  @IsArray()
  @ArrayMaxSize(MAX_DISTRIBUTION_LIST)
  @IsEmail({}, { each: true })
  distributionList!: string[];
}

export class DistributionListChangeDto implements DistributionListChange {
  @ApiProperty({ description: 'User id of the Connection Manager admin who edited it' }) changedBy!: string;
  @ApiProperty({ format: 'date-time' }) changedAt!: string;
  @ApiProperty({ type: [String], description: 'The list before the edit (the Connection Manager admins while never edited)' }) before!: string[];
  @ApiProperty({ type: [String] }) after!: string[];
}
