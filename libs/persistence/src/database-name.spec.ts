import { databaseName, isDuplicateKeyError } from './database-name';

describe('databaseName', () => {
  it('names the database after the service', () => {
    expect(databaseName('connection-service', '', 'production')).toBe('connect_connection_service');
  });

  it('refuses, under NODE_ENV=test, a database not marked as a test one', () => {
    expect(() => databaseName('gateway', '', 'test')).toThrow(/_test/);
    expect(() => databaseName('gateway', '_staging', 'test')).toThrow(/_test/);
    expect(databaseName('gateway', '_test_ab12', 'test')).toBe('connect_gateway_test_ab12');
  });

  it('recognises duplicate-key errors by code', () => {
    expect(isDuplicateKeyError({ code: 11000 })).toBe(true);
    expect(isDuplicateKeyError(new Error('x'))).toBe(false);
  });
});
