import { dirname, join, resolve } from 'node:path';
import { DatabaseTarget } from './database/database';

/** Machines kept live by default: a few hundred busy conventions, about 7 MB of heap. */
export const DEFAULT_LIVE_ACTORS = 200;

export interface Config {
  /** The SQLite file (the embedded default); unused when `databaseUrl` is set. */
  databasePath: string;
  /** `postgres://…`: run on PostgreSQL instead of the SQLite file. */
  databaseUrl: string | null;
  /** Connections each instance keeps to PostgreSQL. */
  databasePoolSize: number;
  workflowsDir: string;
  host: string;
  port: number;
  clock: 'system' | 'manual';
  /** Start instant of the manual clock. */
  clockStart: string | null;
  /** How often the scheduler looks for due deadlines. Correctness never depends on it. */
  schedulerIntervalMs: number;
  /** The Ed25519 key that signs checkpoints; created on first start. */
  auditKeyPath: string;
  /** Names this log in its checkpoints. */
  checkpointOrigin: string;
  /** How often a checkpoint is published when the log has grown. */
  checkpointIntervalMs: number;
  /** How long an instance's claim on due deadlines lasts; a dead instance's claims expire after it. */
  deadlineLeaseMs: number;
  /**
   * Conventions whose machines stay in memory between transitions (least recently written
   * evicted first). A miss restores the machine from its snapshot; a live machine costs about
   * 35 kB of heap (bench/README.md).
   */
  liveActors: number;
  // Operations: logs, rate limits, metrics.
  /** Least severe pino level written (LOG_LEVEL). */
  logLevel: LogLevel;
  /** Requests per minute for each bearer token. */
  rateLimitPerMinute: number;
  /** Requests per minute for each client address without a bearer token. */
  rateLimitAnonymousPerMinute: number;
  /** When set, `GET /metrics` requires `Authorization: Bearer <this>`. */
  metricsToken: string | null;
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export function databaseTarget(config: Config): DatabaseTarget {
  return config.databaseUrl
    ? { kind: 'postgres', url: config.databaseUrl, poolSize: config.databasePoolSize }
    : { kind: 'sqlite', path: config.databasePath };
}

/** Where the store is, for messages: the file, or the PostgreSQL URL without its password. */
export function describeDatabase(config: Config): string {
  if (!config.databaseUrl) return config.databasePath;
  try {
    const url = new URL(config.databaseUrl);
    url.password = '';
    return url.toString();
  } catch {
    return 'PostgreSQL';
  }
}

function positiveInteger(name: string, value: string | undefined, fallback: number): number {
  const parsed = Number(value ?? fallback);
  if (!Number.isInteger(parsed) || parsed <= 0)
    throw new Error(`${name} must be a positive integer, got "${value}"`);
  return parsed;
}

/** Reads the configuration from the environment; every setting has a working default. */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): Config {
  const clock = env.CLOCK ?? 'system';
  if (clock !== 'system' && clock !== 'manual') {
    throw new Error(`CLOCK must be "system" or "manual", got "${clock}"`);
  }
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT is not a port: ${env.PORT}`);
  const databasePath = resolve(env.DATABASE_PATH ?? 'data/conventio.sqlite');
  const databaseUrl = env.DATABASE_URL?.trim() || null;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new Error('DATABASE_URL must be a postgres:// URL (leave it unset for the SQLite file)');
  }
  return {
    databasePath,
    databaseUrl,
    databasePoolSize: positiveInteger('DATABASE_POOL_SIZE', env.DATABASE_POOL_SIZE, 10),
    workflowsDir: resolve(env.WORKFLOWS_DIR ?? 'workflows'),
    host: env.HOST ?? '127.0.0.1',
    port,
    clock,
    clockStart: env.CLOCK_START ?? null,
    schedulerIntervalMs: Number(env.SCHEDULER_INTERVAL_MS ?? 60_000),
    auditKeyPath: resolve(env.AUDIT_KEY_PATH ?? join(dirname(databasePath), 'audit-key.pem')),
    checkpointOrigin: env.CHECKPOINT_ORIGIN ?? 'conventio/log',
    checkpointIntervalMs: Number(env.CHECKPOINT_INTERVAL_MS ?? 3_600_000),
    deadlineLeaseMs: positiveInteger('DEADLINE_LEASE_MS', env.DEADLINE_LEASE_MS, 30_000),
    liveActors: positiveInteger('LIVE_ACTORS', env.LIVE_ACTORS, DEFAULT_LIVE_ACTORS),
    ...operationsFromEnv(env),
  };
}

// Operations: logs, rate limits, metrics.
function operationsFromEnv(
  env: NodeJS.ProcessEnv,
): Pick<Config, 'logLevel' | 'rateLimitPerMinute' | 'rateLimitAnonymousPerMinute' | 'metricsToken'> {
  const logLevel = env.LOG_LEVEL ?? 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    throw new Error(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`);
  }
  const metricsToken = env.METRICS_TOKEN?.trim() || null;
  if (metricsToken !== null && metricsToken.length < 16) {
    throw new Error('METRICS_TOKEN must be at least 16 characters long (or unset), got a shorter value');
  }
  return {
    logLevel: logLevel as LogLevel,
    rateLimitPerMinute: positiveInteger('RATE_LIMIT_PER_MINUTE', env.RATE_LIMIT_PER_MINUTE, 1200),
    rateLimitAnonymousPerMinute: positiveInteger(
      'RATE_LIMIT_ANONYMOUS_PER_MINUTE',
      env.RATE_LIMIT_ANONYMOUS_PER_MINUTE,
      120,
    ),
    metricsToken,
  };
}
