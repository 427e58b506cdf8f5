import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

export const REPO_ROOT = resolve(__dirname, '../../..');

export interface Infrastructure {
  /** Broker URL without vhost. */
  amqpUrl: string;
  managementUrl: string;
  mongoUrl: string;
}

export function infrastructureFromEnv(): Infrastructure {
  return {
    amqpUrl: (process.env['AMQP_URL'] ?? 'amqp://guest:guest@127.0.0.1:5672').replace(/\/+$/, ''),
    managementUrl: (process.env['RABBITMQ_MANAGEMENT_URL'] ?? 'http://guest:guest@127.0.0.1:15672').replace(/\/+$/, ''),
    mongoUrl: process.env['MONGO_URL'] ?? 'mongodb://127.0.0.1:27017',
  };
}

function dockerEngineAnswers(): boolean {
  try {
    execFileSync('docker', ['info'], { stdio: 'ignore', timeout: 5000 });
    return true;
  } catch {
    return false;
  }
}

/**
 * Makes sure a broker and a database answer, in this order of preference:
 * the URLs given in the environment; containers started with testcontainers
 * where a Docker engine answers (real MongoDB 7, as users with Docker run it);
 * otherwise the project's native stack (scripts/stack.sh: RabbitMQ, FerretDB
 * on PostgreSQL), installed and started if needed.
 * Returns a function that stops what it started.
 */
export async function provideInfrastructure(): Promise<() => Promise<void>> {
  if (process.env['AMQP_URL'] && process.env['MONGO_URL']) return async () => undefined; // TEST_NATIVE_STACK=1 may mark them as ours
  if (process.env['USE_DOCKER'] !== '0' && dockerEngineAnswers()) {
    const { RabbitMQContainer } = await import('@testcontainers/rabbitmq');
    const { MongoDBContainer } = await import('@testcontainers/mongodb');
    const [rabbit, mongo] = await Promise.all([new RabbitMQContainer('rabbitmq:3.13-management').start(), new MongoDBContainer('mongo:7').start()]);
    process.env['AMQP_URL'] = rabbit.getAmqpUrl();
    process.env['RABBITMQ_MANAGEMENT_URL'] = `http://guest:guest@${rabbit.getHost()}:${rabbit.getMappedPort(15672)}`;
    process.env['MONGO_URL'] = `${mongo.getConnectionString()}?directConnection=true`;
    process.env['TEST_BROKER_CONTAINER'] = rabbit.getId();
    return async () => {
      await Promise.all([rabbit.stop(), mongo.stop()]);
    };
  }
  execFileSync('bash', [resolve(REPO_ROOT, 'scripts/stack.sh'), 'up'], { stdio: 'inherit', cwd: REPO_ROOT });
  process.env['TEST_NATIVE_STACK'] = '1';
  return async () => undefined; // the native stack stays up for the next run; `make down` stops it
}
