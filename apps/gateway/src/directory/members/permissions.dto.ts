import { CONNECTION_MANAGER_LEVELS, ConnectionManagerLevel, DRAWINGS_LEVELS, DrawingsLevel } from '@connect/contracts';
import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';

/** One permission level per tool. */
export class PermissionsDto {
  @ApiProperty({ enum: CONNECTION_MANAGER_LEVELS }) @IsIn(CONNECTION_MANAGER_LEVELS) connectionManager!: ConnectionManagerLevel;
  @ApiProperty({ enum: DRAWINGS_LEVELS }) @IsIn(DRAWINGS_LEVELS) drawings!: DrawingsLevel;
}
