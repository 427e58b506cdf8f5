import { BROKER_SERVICES } from '@connect/contracts';
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { BrokerAdmin } from './broker-admin';
import { REPO_ROOT, eachUrl, infrastructureFromEnv, serviceAmqpUrl } from './infrastructure';

/** The node flags an app runs with, as `make up` starts it (scripts/node-flags: `<app> <flags…>` lines). */
function nodeFlags(service: string): string[] {
  const lines = readFileSync(join(REPO_ROOT, 'scripts/node-flags'), 'utf8').split('\n');
  return lines.filter((l) => !l.startsWith('#')).map((l) => l.trim().split(/\s+/)).find(([app]) => app === service)?.slice(1) ?? [];
}

/** A built app's entry point; missing, the caller is told to build first. */
function builtEntry(service: string): string {
  const entry = join(REPO_ROOT, 'dist/apps', service, 'main.js');
  if (!existsSync(entry)) throw new Error(`${entry} is missing: build the apps first (make build)`);
  return entry;
}

export const SERVICES = BROKER_SERVICES;
export type ServiceName = (typeof SERVICES)[number];

export interface StartSystemOptions {
  services: ServiceName[];
  /** Extra environment for every service (e.g. short windows, small limits). */
  env?: Record<string, string>;
  /** Instances per service (competing consumers); default 1. */
  instances?: Partial<Record<ServiceName, number>>;
  /**
   * Run the built apps (`dist/apps/<app>/main.js`, `make build`) instead of the sources: what benchmarks measure, as
   * `make up` deploys it (the sources' in-process compiler and its source maps add ~60 MB of resident memory per app).
   */
  built?: boolean;
}

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export interface ApiClient {
  get<T = any>(path: string): Promise<ApiResponse<T>>;
  post<T = any>(path: string, body?: unknown): Promise<ApiResponse<T>>;
  put<T = any>(path: string, body?: unknown): Promise<ApiResponse<T>>;
  patch<T = any>(path: string, body?: unknown): Promise<ApiResponse<T>>;
  del<T = any>(path: string, body?: unknown): Promise<ApiResponse<T>>;
  /** Any request under /api/v1 with a custom body (e.g. FormData for uploads). */
  send<T = any>(method: string, path: string, init?: { body?: RequestInit['body']; headers?: Record<string, string> }): Promise<ApiResponse<T>>;
}

interface Instance {
  service: ServiceName;
  index: number;
  port: number;
  process: ChildProcess;
  exited: Promise<number | null>;
  logFile: string;
}

/** Still running: neither exited nor killed by a signal (a SIGKILLed child keeps `exitCode` null). */
function alive(instance: Instance): boolean {
  return instance.process.exitCode === null && instance.process.signalCode === null;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function parse(res: Response): Promise<unknown> {
  const text = await res.text();
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * A running system for one test file: the named apps started from source (or built, `built`) as
 * real processes, on free ports, against the real broker (in a vhost of their
 * own) and the real database server (in `_test_<run>` databases of their own).
 */
export class System {
  readonly runId = randomBytes(4).toString('hex');
  readonly vhost = `test_${this.runId}`;
  readonly adminToken = `admin-${randomBytes(12).toString('hex')}`;
  readonly broker = new BrokerAdmin();
  /** What every service gets; `AMQP_URL` here is the broker's administrator (for the specs' own clients), each service connects with `amqpUrl(service)`. */
  readonly env: Record<string, string>;
  private readonly instances: Instance[] = [];
  private readonly logDir: string;

  constructor(private readonly options: StartSystemOptions) {
    const infra = infrastructureFromEnv();
    this.env = {
      NODE_ENV: 'test',
      AMQP_URL: eachUrl(infra.amqpUrl, (u) => `${u}/${this.vhost}`),
      MONGO_URL: infra.mongoUrl,
      MONGO_DB_SUFFIX: `_test_${this.runId}`,
      ADMIN_TOKEN: this.adminToken,
      LOG_LEVEL: process.env['TEST_LOG_LEVEL'] ?? 'info',
      ...options.env,
    };
    this.logDir = join(REPO_ROOT, 'tmp', 'test-logs', this.runId);
    mkdirSync(this.logDir, { recursive: true });
  }

  async start(): Promise<this> {
    await this.broker.createVhost(this.vhost);
    for (const service of SERVICES) await this.broker.grantService(this.vhost, service);
    for (const service of this.options.services) {
      const count = this.options.instances?.[service] ?? 1;
      for (let i = 0; i < count; i++) await this.spawn(service, i);
    }
    await Promise.all(this.instances.map((i) => this.waitReady(i)));
    return this;
  }

  /** The broker URL `service` connects with: its own user, with the permissions of the contracts' table (issue 15, finding 6). */
  amqpUrl(service: ServiceName): string {
    return serviceAmqpUrl(service, this.vhost);
  }

  private async spawn(service: ServiceName, index: number): Promise<void> {
    const port = await freePort();
    const logFile = join(this.logDir, `${service}-${index}-${port}.log`);
    const log = createWriteStream(logFile);
    const entry = this.options.built ? [builtEntry(service)] : ['-r', '@swc-node/register', '-r', 'tsconfig-paths/register', `apps/${service}/src/main.ts`];
    const child = spawn(process.execPath, [...nodeFlags(service), ...entry], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...this.env, AMQP_URL: this.amqpUrl(service), PORT: String(port), HOST: '127.0.0.1', TS_NODE_PROJECT: 'tsconfig.base.json', SWC_NODE_PROJECT: 'tsconfig.base.json' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const instance: Instance = { service, index, port, process: child, exited, logFile };
    this.instances.push(instance);
  }

  private async waitReady(instance: Instance, timeoutMs = 240_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let exitCode: number | null | undefined;
    void instance.exited.then((c) => (exitCode = c));
    while (Date.now() < deadline) {
      if (exitCode !== undefined) break;
      try {
        const res = await fetch(`http://127.0.0.1:${instance.port}/health/ready`);
        if (res.status === 200) return;
      } catch {
        /* not listening yet */
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    const tail = readFileSync(instance.logFile, 'utf8').split('\n').slice(-30).join('\n');
    throw new Error(`${instance.service}#${instance.index} not ready (${exitCode !== undefined ? `exited ${exitCode}` : 'timeout'}); log ${instance.logFile}:\n${tail}`);
  }

  url(service: ServiceName = 'gateway', index = 0): string {
    const instance = this.instances.find((i) => i.service === service && i.index === index && alive(i));
    if (!instance) throw new Error(`${service}#${index} is not running`);
    return `http://127.0.0.1:${instance.port}`;
  }

  pid(service: ServiceName, index = 0): number {
    const instance = this.instances.find((i) => i.service === service && i.index === index && alive(i));
    if (!instance?.process.pid) throw new Error(`${service}#${index} is not running`);
    return instance.process.pid;
  }

  /** A client of the API through gateway instance `gateway` (the first by default). */
  api(token?: string, gateway = 0): ApiClient {
    const send = async (method: string, path: string, init: { body?: RequestInit['body']; headers?: Record<string, string> } = {}) => {
      const headers: Record<string, string> = { ...(token ? { authorization: `Bearer ${token}` } : {}), ...init.headers };
      const res = await fetch(`${this.url('gateway', gateway)}/api/v1${path}`, { method, headers, body: init.body });
      return { status: res.status, body: (await parse(res)) as any, headers: res.headers };
    };
    const json = (method: string) => (path: string, body?: unknown) =>
      send(method, path, body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
    return { get: (path) => send('GET', path), post: json('POST'), put: json('PUT'), patch: json('PATCH'), del: json('DELETE'), send };
  }

  /** Stops one instance: SIGTERM (graceful), or SIGKILL to simulate a crash. */
  async stopInstance(service: ServiceName, index = 0, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const instance = this.instances.find((i) => i.service === service && i.index === index && alive(i));
    if (!instance) return;
    instance.process.kill(signal);
    const timer = setTimeout(() => instance.process.kill('SIGKILL'), 15_000);
    await instance.exited;
    clearTimeout(timer);
  }

  /** Starts an instance again (after stopInstance) and waits until it is ready. */
  async startInstance(service: ServiceName, index = 0): Promise<void> {
    if (this.instances.some((i) => i.service === service && i.index === index && alive(i))) {
      throw new Error(`${service}#${index} is running`);
    }
    await this.spawn(service, index);
    await this.waitReady(this.instances[this.instances.length - 1]);
  }

  async stop(): Promise<void> {
    await Promise.all(this.instances.map((i) => this.stopInstance(i.service, i.index)));
    await this.broker.deleteVhost(this.vhost).catch(() => undefined);
    const client = new MongoClient(this.env['MONGO_URL']);
    try {
      await client.connect();
      const { databases } = await client.db().admin().listDatabases({ nameOnly: true });
      for (const db of databases.filter((d) => d.name.endsWith(this.env['MONGO_DB_SUFFIX']))) await client.db(db.name).dropDatabase();
    } finally {
      await client.close();
    }
  }
}

export async function startSystem(options: StartSystemOptions): Promise<System> {
  const system = new System(options);
  try {
    return await system.start();
  } catch (err) {
    await system.stop().catch(() => undefined);
    throw err;
  }
}
