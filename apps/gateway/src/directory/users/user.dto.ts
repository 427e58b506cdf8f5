import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, MaxLength } from 'class-validator';
import { IsName } from '../../common/is-name.decorator';

export class CreateUserDto {
  @ApiProperty({ format: 'email', maxLength: 254, example: 'ana@summit.example', description: 'Unique (case-insensitive); stored lower-cased' })
  @Transform(({ value }) => (typeof value === 'string' ? value.trim().toLowerCase() : value))
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @ApiProperty({ example: 'Ana Ruiz' }) @IsName() name!: string;
}

export class UserDto {
  @ApiProperty() id!: string;
  @ApiProperty({ format: 'email' }) email!: string;
  @ApiProperty() name!: string;
}
