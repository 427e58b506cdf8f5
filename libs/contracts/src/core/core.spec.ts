import { defineCommand, defineEvent } from './message-definition';
import { DomainError, ERRORS, errorPolicyOf, httpStatusOf, isErrorCode } from './errors';

class P {}

describe('message definitions', () => {
  it('put the version in the routing key', () => {
    expect(defineEvent('connection.established', 1, P).routingKey).toBe('connection.established.v1');
    expect(defineCommand('drawing.revision-count.get', 2, P)).toMatchObject({ kind: 'command', routingKey: 'drawing.revision-count.get.v2' });
  });

  it('refuse malformed names and versions', () => {
    expect(() => defineEvent('Connection Established', 1, P)).toThrow();
    expect(() => defineEvent('connection', 1, P)).toThrow();
    expect(() => defineEvent('connection.established', 0, P)).toThrow();
  });
});

describe('error codes', () => {
  it('map to HTTP statuses, business refusals to 422', () => {
    expect(httpStatusOf('VALIDATION_FAILED')).toBe(400);
    expect(httpStatusOf('UNAUTHENTICATED')).toBe(401);
    expect(httpStatusOf('PERMISSION_REQUIRED')).toBe(403);
    expect(httpStatusOf('PROJECT_NOT_FOUND')).toBe(404);
    expect(httpStatusOf('CONNECTION_ALREADY_EXISTS')).toBe(409);
    expect(httpStatusOf('FILE_TOO_LARGE')).toBe(413);
    expect(httpStatusOf('FILE_TYPE_UNSUPPORTED')).toBe(415);
    expect(httpStatusOf('CONNECTION_GOVCLOUD')).toBe(422);
  });

  // Issue 12: one typed set; a code from outside it never silently becomes a status or a policy.
  it('are one typed set: an unknown code is a 500 and a refusal, never a business status', () => {
    expect(isErrorCode('CONNECTION_GOVCLOUD')).toBe(true);
    expect(isErrorCode('NO_SUCH_CODE')).toBe(false);
    expect(isErrorCode('toString')).toBe(false);
    expect(httpStatusOf('NO_SUCH_CODE')).toBe(500);
    expect(errorPolicyOf('NO_SUCH_CODE')).toBe('refuse');
    // @ts-expect-error an unknown code does not compile
    new DomainError('NO_SUCH_CODE', 'x');
  });

  it('say which failures are transient (retried with back-off) and which are refusals (dead-lettered)', () => {
    const transient = Object.entries(ERRORS).filter(([, spec]) => spec.policy === 'retry').map(([code]) => code);
    expect(transient.sort()).toEqual(['CONCURRENT_MODIFICATION', 'CONNECTED_COPY_INCOMPLETE', 'SERVICE_UNAVAILABLE', 'TOO_MANY_UPLOADS']);
    expect(errorPolicyOf('FORBIDDEN')).toBe('refuse');
  });
});
