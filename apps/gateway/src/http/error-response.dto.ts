import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** The body of every error answer of the gateway. */
export class ErrorResponseDto {
  @ApiProperty({ example: 404 }) statusCode!: number;
  @ApiProperty({ description: 'Stable upper-snake error code', example: 'PROJECT_NOT_FOUND' }) code!: string;
  @ApiProperty({ example: 'project 3f2c… not found' }) message!: string;
  @ApiPropertyOptional({ description: 'Extra facts about the refusal, when the rule gives any' }) details?: unknown;
  @ApiProperty({ description: 'Correlation id of the request (also in the x-correlation-id header), to find it in the logs' })
  correlationId!: string;
}
