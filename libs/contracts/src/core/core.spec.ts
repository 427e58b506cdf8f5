import { defineCommand, defineEvent } from './message-definition';
import { httpStatusOf } from './errors';

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
});
