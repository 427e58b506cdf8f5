import { DomainError } from '@connect/contracts';
import { ArgumentMetadata } from '@nestjs/common';
import { PutProjectMemberDto } from '../directory/members/member.dto';
import { CreateUserDto } from '../directory/users/user.dto';
import { createValidationPipe } from './validation';

const body = (metatype: ArgumentMetadata['metatype']): ArgumentMetadata => ({ type: 'body', metatype });

async function problem(value: unknown, metatype: ArgumentMetadata['metatype']): Promise<DomainError> {
  const err = await createValidationPipe()
    .transform(value, body(metatype))
    .then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(DomainError);
  return err as DomainError;
}

describe('validation pipe', () => {
  it('answers 400 VALIDATION_FAILED naming every problem, nested ones by their path', async () => {
    const err = await problem({ permissions: { connectionManager: 'boss', drawings: 'admin' } }, PutProjectMemberDto);
    expect(err.code).toBe('VALIDATION_FAILED');
    expect(err.message).toContain('permissions.connectionManager: connectionManager must be one of the following values: none, read_only, admin');
  });

  it('refuses unknown fields and a missing nested object', async () => {
    expect((await problem({ email: 'a@b.test', name: 'A', role: 'root' }, CreateUserDto)).message).toContain('role: property role should not exist');
    expect((await problem({}, PutProjectMemberDto)).message).toContain('permissions');
  });

  it('validates emails and normalises them to lower case', async () => {
    expect((await problem({ email: 'not-an-email', name: 'A' }, CreateUserDto)).message).toContain('email: email must be an email');
    const dto = await createValidationPipe().transform({ email: ' Ana@Example.TEST ', name: 'Ana' }, body(CreateUserDto));
    expect(dto).toBeInstanceOf(CreateUserDto);
    expect(dto.email).toBe('ana@example.test');
  });

  it('refuses blank names', async () => {
    expect((await problem({ email: 'a@b.test', name: '   ' }, CreateUserDto)).message).toContain('name: name must not be blank');
  });
});
