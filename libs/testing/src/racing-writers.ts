import { DomainError } from '@connect/contracts';
import mongoose, { Connection } from 'mongoose';
import { randomBytes } from 'node:crypto';
import { infrastructureFromEnv } from './infrastructure';

/**
 * Writers that really run at once in the database server (issue 12's racing claims): `count`
 * connections of one pooled socket each, on a database of their own, dropped by `close`.
 */
export async function racingConnections(count: number, prefix: string): Promise<{ conns: Connection[]; close(): Promise<void> }> {
  const dbName = `${prefix}_test_${randomBytes(4).toString('hex')}`;
  const conns = await Promise.all(Array.from({ length: count }, () => mongoose.createConnection(infrastructureFromEnv().mongoUrl, { dbName, maxPoolSize: 1 }).asPromise()));
  return {
    conns,
    async close() {
      await conns[0]?.dropDatabase();
      await Promise.all(conns.map((c) => c.close()));
    },
  };
}

/** Every writer's attempt at once: how many won. A refusal with the code `refused` is a loss; any other failure is thrown. */
export async function raceOnce<W>(writers: W[], attempt: (writer: W, index: number) => Promise<unknown>, refused: string): Promise<number> {
  const outcomes = await Promise.all(
    writers.map((writer, i) =>
      attempt(writer, i).then(
        () => true,
        (err: unknown) => {
          if (err instanceof DomainError && err.code === refused) return false;
          throw err;
        },
      ),
    ),
  );
  return outcomes.filter(Boolean).length;
}
