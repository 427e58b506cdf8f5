/**
 * The database of a service: `connect_<service>` plus an optional suffix.
 * Under NODE_ENV=test the suffix must mark the database as a test one, so a
 * test run can never write into a real database.
 */
export function databaseName(service: string, suffix = '', nodeEnv = process.env['NODE_ENV']): string {
  const name = `connect_${service.replace(/-/g, '_')}${suffix}`;
  if (nodeEnv === 'test' && !/_test/.test(suffix)) {
    throw new Error(`refusing to use database "${name}" under NODE_ENV=test: set MONGO_DB_SUFFIX to a value containing "_test"`);
  }
  if (!/^[a-zA-Z0-9_]{1,63}$/.test(name)) throw new Error(`invalid database name "${name}"`);
  return name;
}

export function isDuplicateKeyError(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 11000;
}
