import { DomainError } from '@connect/contracts';
import { failureKind } from './error-policy';

// Issue 12/17: what a handler's failure means for its message. Seen in the resilience suite: publishes left
// unconfirmed by a broker restart ('channel closed') were retried as bugs and dead-lettered after 4 attempts.
describe('failureKind', () => {
  it.each([
    ['a confirm channel closed with the publish unconfirmed (amqplib)', new Error('channel closed')],
    ['unsent messages of a closed channel (amqp-connection-manager)', new Error('Channel closed')],
    ['a request whose channel ended', new Error('Channel ended, no reply will be forthcoming')],
    ['an operation on a closed channel', Object.assign(new Error('Channel closed'), { name: 'IllegalOperationError' })],
    ['the database unreachable', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:27017'), { name: 'MongoNetworkError' })],
    ['the version guard refusing a lost race', new Error('version guard: refused (SQLSTATE 40001)')],
    ['a transient domain code', new DomainError('SERVICE_UNAVAILABLE', 'drawing-service did not answer')],
  ])('%s is transient: retried with back-off', (_, err) => {
    expect(failureKind(err)).toBe('transient');
  });

  it('a refusal is dead-lettered at once; a bug is neither', () => {
    expect(failureKind(new DomainError('MESSAGE_INVALID', 'bad'))).toBe('refusal');
    expect(failureKind(new TypeError("Cannot read properties of undefined (reading 'id')"))).toBe('unknown');
  });
});
