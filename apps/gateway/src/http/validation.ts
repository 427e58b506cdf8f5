import { DomainError } from '@connect/contracts';
import { ValidationError, ValidationPipe } from '@nestjs/common';

/** Every problem of a request, nested properties named by their path: `permissions.drawings: …`. */
export function validationProblems(errors: ValidationError[], prefix = ''): string[] {
  return errors.flatMap((e) => {
    const path = prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((m) => `${path}: ${m}`);
    return [...own, ...validationProblems(e.children ?? [], path)];
  });
}

/** Request bodies, params and queries are validated against their DTO; unknown fields are refused. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    exceptionFactory: (errors) => new DomainError('VALIDATION_FAILED', validationProblems(errors).join('; ') || 'invalid request'),
  });
}
