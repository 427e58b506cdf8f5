import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches, MaxLength } from 'class-validator';

export const NAME_MAX_LENGTH = 200;

/** A human-readable name: a string with something visible in it, of reasonable length. */
export function IsName(): PropertyDecorator {
  return applyDecorators(
    // The document declares what is enforced, so generated clients and fuzzers send valid names.
    ApiProperty({ type: String, minLength: 1, maxLength: NAME_MAX_LENGTH, pattern: '\\S' }),
    IsString(),
    Matches(/\S/, { message: '$property must not be blank' }),
    MaxLength(NAME_MAX_LENGTH),
  );
}
