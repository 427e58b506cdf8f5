import { applyDecorators } from '@nestjs/common';
import { IsString, Matches, MaxLength } from 'class-validator';

export const NAME_MAX_LENGTH = 200;

/** A human-readable name: a string with something visible in it, of reasonable length. */
export function IsName(): PropertyDecorator {
  return applyDecorators(IsString(), Matches(/\S/, { message: '$property must not be blank' }), MaxLength(NAME_MAX_LENGTH));
}
