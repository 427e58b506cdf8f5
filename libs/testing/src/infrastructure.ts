import { BROKER_SERVICES, BrokerService } from '@connect/contracts';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';

export const REPO_ROOT = resolve(__dirname, '../../..');

export interface Infrastructure {
  /** Broker URL without vhost; several separated by commas for a cluster's nodes (issue 18). */
  amqpUrl: string;
  /** The management API; several separated by commas for a cluster's nodes (any node answers for the cluster). */
  managementUrl: string;
  mongoUrl: string;
}

export function infrastructureFromEnv(): Infrastructure {
  return {
    amqpUrl: eachUrl(process.env['AMQP_URL'] ?? 'amqp://guest:guest@127.0.0.1:5672', (u) => u.replace(/\/+$/, '')),
    managementUrl: eachUrl(process.env['RABBITMQ_MANAGEMENT_URL'] ?? 'http://guest:guest@127.0.0.1:15672', (u) => u.replace(/\/+$/, '')),
    mongoUrl: process.env['MONGO_URL'] ?? 'mongodb://127.0.0.1:27017',
  };
}

/** Applies `fn` to each URL of a comma-separated list (a cluster's nodes, issue 18) and joins them again. */
export function eachUrl(urls: string, fn: (url: string) => string): string {
  return urls
    .split(',')
    .map((u) => u.trim())
    .filter(Boolean)
    .map(fn)
    .join(',');
}

/** The variable holding a service's broker password: `RABBITMQ_PASSWORD_CONNECTION_SERVICE` (scripts/stack.sh env, docker-compose). */
export const brokerPasswordVariable = (service: BrokerService) => `RABBITMQ_PASSWORD_${service.toUpperCase().replace(/-/g, '_')}`;

/**
 * The URL a service connects with: its own broker user (issue 15, finding 6), whose password the
 * stack gave (`scripts/stack.sh env`) or provideInfrastructure made.
 */
export function serviceAmqpUrl(service: BrokerService, vhost?: string): string {
  const password = process.env[brokerPasswordVariable(service)];
  if (!password) throw new Error(`${brokerPasswordVariable(service)} is not set: eval "$(bash scripts/stack.sh env)" first`);
  return eachUrl(infrastructureFromEnv().amqpUrl, (one) => {
    const url = new URL(one);
    url.username = encodeURIComponent(service);
    url.password = encodeURIComponent(password);
    url.pathname = vhost === undefined ? '' : `/${encodeURIComponent(vhost)}`;
    return url.toString().replace(/\/$/, '');
  });
}

/** Gives every service a broker user of its own where the stack did not (a container, a broker of the user's). */
async function ensureServiceUsers(): Promise<void> {
  const missing = BROKER_SERVICES.filter((s) => !process.env[brokerPasswordVariable(s)]);
  if (missing.length === 0) return;
  const { BrokerAdmin } = await import('./broker-admin');
  const admin = new BrokerAdmin();
  for (const service of missing) {
    const password = randomBytes(16).toString('hex');
    await admin.putUser(service, password);
    process.env[brokerPasswordVariable(service)] = password;
  }
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
  if (process.env['AMQP_URL'] && process.env['MONGO_URL']) {
    await ensureServiceUsers();
    return async () => undefined; // TEST_NATIVE_STACK=1 may mark them as ours
  }
  if (process.env['USE_DOCKER'] !== '0' && dockerEngineAnswers()) {
    const { RabbitMQContainer } = await import('@testcontainers/rabbitmq');
    const { MongoDBContainer } = await import('@testcontainers/mongodb');
    const [rabbit, mongo] = await Promise.all([new RabbitMQContainer('rabbitmq:3.13-management').start(), new MongoDBContainer('mongo:7').start()]);
    process.env['AMQP_URL'] = rabbit.getAmqpUrl();
    process.env['RABBITMQ_MANAGEMENT_URL'] = `http://guest:guest@${rabbit.getHost()}:${rabbit.getMappedPort(15672)}`;
    process.env['MONGO_URL'] = `${mongo.getConnectionString()}?directConnection=true`;
    process.env['TEST_BROKER_CONTAINER'] = rabbit.getId();
    await ensureServiceUsers();
    return async () => {
      await Promise.all([rabbit.stop(), mongo.stop()]);
    };
  }
  execFileSync('bash', [resolve(REPO_ROOT, 'scripts/stack.sh'), 'up'], { stdio: 'inherit', cwd: REPO_ROOT });
  process.env['TEST_NATIVE_STACK'] = '1';
  for (const line of execFileSync('bash', [resolve(REPO_ROOT, 'scripts/stack.sh'), 'env'], { cwd: REPO_ROOT, encoding: 'utf8' }).split('\n')) {
    const m = /^export ([A-Z_]+)='(.*)'$/.exec(line);
    if (m && process.env[m[1]] === undefined) process.env[m[1]] = m[2];
  }
  return async () => undefined; // the native stack stays up for the next run; `make down` stops it
}
