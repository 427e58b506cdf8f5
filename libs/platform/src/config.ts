import { ClassType } from '@connect/contracts';
import { QUEUE_TYPES, QueueType } from '@connect/messaging';
import { plainToInstance } from 'class-transformer';
import { IsIn, IsInt, IsString, Matches, Max, Min, validateSync } from 'class-validator';

export class ConfigError extends Error {}

/** Settings whose values never appear in an error message (tokens, URLs with credentials). */
const SECRET_KEYS = /TOKEN|SECRET|PASSWORD|KEY|URL/;

/**
 * Settings every service reads from its environment. A service extends it
 * with its own; the whole is validated once at start and the process stops
 * with every problem listed when anything is wrong.
 */
export class ServiceConfig {
  @IsIn(['development', 'production', 'test']) NODE_ENV = 'development';
  @IsString() HOST = '0.0.0.0';
  @IsInt() @Min(1) @Max(65535) PORT = 3000;
  /** One amqp(s):// URL, or several separated by commas: the nodes of a RabbitMQ cluster (issue 18). */
  @Matches(/^amqps?:\/\/[^\s,]+(,amqps?:\/\/[^\s,]+)*$/, { message: 'AMQP_URL must be an amqp:// or amqps:// URL, or several separated by commas' }) AMQP_URL = 'amqp://guest:guest@127.0.0.1:5672';
  /** The type of each service's work, delay and dead-letter queues (issue 18): quorum (replicated over a cluster's nodes) or classic. */
  @IsIn(QUEUE_TYPES) BROKER_QUEUE_TYPE: QueueType = 'quorum';
  @Matches(/^mongodb(\+srv)?:\/\/\S+$/, { message: 'MONGO_URL must be a mongodb:// URL' }) MONGO_URL = 'mongodb://127.0.0.1:27017';
  /** Appended to every database name; tests use `_test_<run>`. */
  @Matches(/^[a-zA-Z0-9_]*$/) MONGO_DB_SUFFIX = '';
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']) LOG_LEVEL = 'info';
  @Matches(/^[a-z][a-z0-9._-]*$/) BROKER_EXCHANGE = 'connect';
  @IsInt() @Min(100) RPC_TIMEOUT_MS = 10000;
  @IsInt() @Min(1) @Max(1000) BROKER_PREFETCH = 16;
  /** Largest message the broker takes (RabbitMQ's max_message_size, 128 MiB by default): larger ones are refused before they are sent. */
  @IsInt() @Min(4096) BROKER_MAX_MESSAGE_BYTES = 134217728;
  /** How long a consumer's claim on a message protects it: a consumer that died mid-way is taken over after it. */
  @IsInt() @Min(1000) INBOX_LEASE_MS = 120000;
}

export function loadConfig<T extends object>(cls: ClassType<T>, env: NodeJS.ProcessEnv = process.env): T {
  const defaults = new cls() as Record<string, unknown>;
  const given = Object.fromEntries(Object.keys(defaults).filter((k) => env[k] !== undefined && env[k] !== '').map((k) => [k, env[k] as string]));
  // Each setting takes the type of its default: numbers and booleans are parsed, strictly.
  const parsed = Object.fromEntries(
    Object.entries(given).map(([k, v]) => {
      const d = defaults[k];
      if (typeof d === 'number') return [k, /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v];
      if (typeof d === 'boolean') return [k, v === 'true' ? true : v === 'false' ? false : v];
      return [k, v];
    }),
  );
  const config = plainToInstance(cls, { ...defaults, ...parsed });
  const errors = validateSync(config as object, { forbidUnknownValues: true });
  if (errors.length) {
    const shown = (key: string) => (SECRET_KEYS.test(key) ? '(hidden)' : JSON.stringify(given[key] ?? defaults[key]));
    const lines = errors.flatMap((e) => Object.values(e.constraints ?? {}).map((m) => `  - ${e.property}=${shown(e.property)}: ${m}`));
    throw new ConfigError(`invalid configuration of ${cls.name}:\n${lines.join('\n')}`);
  }
  return config;
}
