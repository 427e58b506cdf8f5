import { ClassType, DomainError } from '@connect/contracts';
import { plainToInstance } from 'class-transformer';
import { ValidationError, validate } from 'class-validator';

function flatten(errors: ValidationError[], prefix = ''): string[] {
  return errors.flatMap((e) => {
    const path = prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((m) => `${path}: ${m}`);
    return [...own, ...flatten(e.children ?? [], path)];
  });
}

/** Turns plain data into an instance of `cls`, or throws MESSAGE_INVALID listing every problem. */
export async function validatePayload<T>(cls: ClassType<T>, plain: unknown): Promise<T> {
  if (plain === null || typeof plain !== 'object' || Array.isArray(plain)) {
    throw new DomainError('MESSAGE_INVALID', 'payload must be an object');
  }
  const instance = plainToInstance(cls, plain) as T & object;
  const errors = await validate(instance, { forbidUnknownValues: true });
  if (errors.length) throw new DomainError('MESSAGE_INVALID', flatten(errors).join('; '));
  return instance;
}
