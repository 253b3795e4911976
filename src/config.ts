import { dirname, join, resolve } from 'node:path';
import { DatabaseTarget, DEFAULT_SQLITE_CACHE_MB } from './database/database';
import { DEFAULT_HEAP_SETTINGS, HeapSettings } from './heap-flags';

/** What one GraphQL operation may ask for; each is refused above its limit, before execution. */
export interface QueryLimits {
  /** Nesting of selections (QUERY_MAX_DEPTH). */
  maxDepth: number;
  /** Aliased fields in one operation (QUERY_MAX_ALIASES). */
  maxAliases: number;
  /** Lexical tokens of the whole document (QUERY_MAX_TOKENS), counted while parsing. */
  maxTokens: number;
  /** Directives in one operation (QUERY_MAX_DIRECTIVES). */
  maxDirectives: number;
  /** Estimated cost (QUERY_MAX_COST): see api/limits/query-cost.ts for what each field weighs. */
  maxCost: number;
}

/** Measured defaults: README.md, "Limits". */
export const DEFAULT_QUERY_LIMITS: QueryLimits = {
  maxDepth: 8,
  maxAliases: 30,
  maxTokens: 1_000,
  maxDirectives: 10,
  maxCost: 10_000,
};

/** Machines kept live by default: a few hundred busy conventions, about 7 MB of heap. */
export const DEFAULT_LIVE_ACTORS = 200;

export interface Config {
  /** The SQLite file (the embedded default); unused when `databaseUrl` is set. */
  databasePath: string;
  /** `postgres://…`: run on PostgreSQL instead of the SQLite file. */
  databaseUrl: string | null;
  /** Connections each instance keeps to PostgreSQL. */
  databasePoolSize: number;
  /** SQLite's page cache of each of its two connections (writer, reader), in MiB. */
  sqliteCacheMB: number;
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
  /** V8 heap flags the server sets on itself at start (HEAP_YOUNG_GROWTH, HEAP_GROWING_PERCENT): src/heap-flags.ts. */
  heap: HeapSettings;
  /** MEMORY_TRIM_QUIET_SECONDS: seconds without a request before the C allocator's free pages go back to the OS; 0 never. */
  memoryTrimQuietSeconds: number;
  // Calendar feeds
  /** The address clients reach this server at: calendar feed URLs and links in their events. */
  publicUrl: string | null;
  // Live updates (graphql-ws): what one token may hold open, and how soon a revocation closes it.
  /** Subscriptions (operations in flight) one websocket may hold. */
  liveSubscriptionsPerSocket: number;
  /** Subscriptions one token may hold across all its websockets on one instance. */
  liveSubscriptionsPerToken: number;
  /** Websockets one token may hold open on one instance. */
  liveSocketsPerToken: number;
  /** A websocket that sends no `connection_init` within this is closed (4408). */
  liveConnectionInitTimeoutMs: number;
  /** How often the tokens of open websockets are checked again (one statement); a revoked one is closed. */
  liveTokenRecheckMs: number;
  // GraphQL limits
  /** What one operation may ask for (QUERY_MAX_*); see README.md, "Limits". */
  queryLimits: QueryLimits;
  /** Serve GraphiQL on GET /graphql (GRAPHIQL=true); off by default. */
  graphiql: boolean;
  // Operations: logs, rate limits, metrics.
  /** Least severe pino level written (LOG_LEVEL). */
  logLevel: LogLevel;
  /** Requests per minute for each bearer token. */
  rateLimitPerMinute: number;
  /** Requests per minute for each client address without a bearer token. */
  rateLimitAnonymousPerMinute: number;
  /** When set, `GET /metrics` requires `Authorization: Bearer <this>`. */
  metricsToken: string | null;
  // Notifications
  /** `smtp://user:pass@host:port` (STARTTLS when offered) or `smtps://`; null keeps e-mail in the outbox. */
  smtpUrl: string | null;
  mailFrom: string;
  /** How often the dispatcher releases due reminders and delivers the outbox. */
  dispatchIntervalMs: number;
  /** Delivery attempts before a message is DEAD (retryable by an admin). */
  outboxMaxAttempts: number;
  /** Wait after a message's first failed attempt; doubled after each further one (at most 6 h). */
  outboxRetryBaseMs: number;
  /** How long an instance's claim on a message lasts. */
  outboxLeaseMs: number;
  /** Whether webhooks may reach this server's loopback and link-local addresses. */
  webhookAllowLocal: boolean;
  // Web sign-in (session cookie)
  /** How long a session lasts after sign-in, in minutes of wall-clock time. */
  sessionTtlMinutes: number;
  /** Behind a reverse proxy: its X-Forwarded-Proto says whether the browser came over https. */
  trustProxy: boolean;
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** A configuration the server cannot start with: every bad variable, its value and what is allowed. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** An unset or blank variable takes its default. */
function given(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

const MS_PER_DAY = 86_400_000;

/**
 * How one variable is read: its value, or what it should have been (the message's "expected …").
 * Hand-written rather than a schema library's: these four shapes are all the environment needs,
 * and the server then keeps no validation library in memory (bench/README.md, "Findings
 * (2026-12-06, latest: start-up's parsers apart)").
 */
type Field<T> = (raw: string | undefined) => { value: T } | { expected: string };

/** A whole number in [min, max]; decimals, signs, units and words are refused rather than guessed. */
function integer(fallback: number, min: number, max: number): Field<number> {
  return (raw) => {
    const value = given(raw);
    if (value === undefined) return { value: fallback };
    const parsed = Number(value);
    if (!/^\d+$/.test(value) || parsed < min || parsed > max)
      return { expected: `a whole number from ${min} to ${max}` };
    return { value: parsed };
  };
}

function oneOf<const T extends readonly [string, ...string[]]>(
  values: T,
  fallback: T[number],
): Field<T[number]> {
  return (raw) => {
    const value = given(raw) ?? fallback;
    if (!values.includes(value)) return { expected: `one of ${values.map((v) => `"${v}"`).join(', ')}` };
    return { value: value as T[number] };
  };
}

function text(fallback: string): Field<string> {
  return (raw) => ({ value: given(raw) ?? fallback });
}

function optionalText(check: (value: string) => boolean, allowed: string): Field<string | null> {
  return (raw) => {
    const value = given(raw);
    if (value === undefined) return { value: null };
    return check(value) ? { value } : { expected: allowed };
  };
}

/** An absolute http(s) URL without query or fragment (a path prefix is kept). */
function isPublicUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && !url.search && !url.hash;
  } catch {
    return false;
  }
}

const isPostgresUrl = (value: string) => /^postgres(ql)?:\/\/\S+$/.test(value);
/** An ISO 8601 instant with its offset, on a real calendar day (Date.parse takes 30 February). */
function isInstant(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.exec(value);
  if (!match || Number.isNaN(Date.parse(value))) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const calendar = new Date(Date.UTC(year, month - 1, day));
  return calendar.getUTCMonth() === month - 1 && calendar.getUTCDate() === day;
}

const isSmtpUrl = (value: string) => /^smtps?:\/\/\S+$/.test(value);

/**
 * Every environment variable Conventio reads, with its default and what it accepts. Parsed once
 * at start: a bad value stops the server (and the CLI) naming the variable, the value and what is
 * allowed, instead of becoming a surprise later (`SCHEDULER_INTERVAL_MS=abc` used to be a 1 ms timer).
 */
const environment = {
  DATABASE_PATH: text('data/conventio.sqlite'),
  DATABASE_URL: optionalText(isPostgresUrl, 'a postgres:// URL (leave it unset for the SQLite file)'),
  // At least 2: start-up holds one connection for its store-wide lock while another runs the
  // migrations (with 1, the server waited for itself forever).
  DATABASE_POOL_SIZE: integer(10, 2, 1_000),
  SQLITE_CACHE_MB: integer(DEFAULT_SQLITE_CACHE_MB, 1, 4_096),
  WORKFLOWS_DIR: text('workflows'),
  HOST: text('127.0.0.1'),
  PORT: integer(3000, 0, 65_535),
  CLOCK: oneOf(['system', 'manual'], 'system'),
  CLOCK_START: optionalText(isInstant, 'an ISO 8601 instant with its offset, e.g. 2010-06-24T00:00:00Z'),
  SCHEDULER_INTERVAL_MS: integer(60_000, 100, MS_PER_DAY),
  AUDIT_KEY_PATH: optionalText(() => true, 'a file path'),
  CHECKPOINT_ORIGIN: text('conventio/log'),
  CHECKPOINT_INTERVAL_MS: integer(3_600_000, 1_000, 7 * MS_PER_DAY),
  DEADLINE_LEASE_MS: integer(30_000, 1_000, MS_PER_DAY),
  LIVE_ACTORS: integer(DEFAULT_LIVE_ACTORS, 1, 1_000_000),
  // Read again by src/apply-heap-flags.ts before anything else loads; validated here with the rest.
  HEAP_YOUNG_GROWTH: integer(DEFAULT_HEAP_SETTINGS.youngGrowth, 1, 4),
  HEAP_GROWING_PERCENT: integer(DEFAULT_HEAP_SETTINGS.growingPercent, 0, 1_000),
  MEMORY_TRIM_QUIET_SECONDS: integer(10, 0, 86_400),
  // Calendar feeds
  PUBLIC_URL: optionalText(
    isPublicUrl,
    'an absolute http(s) URL without query, e.g. https://conventio.example.org',
  ),
  // Live updates (graphql-ws): what one token may hold open, and how soon a revocation closes it.
  LIVE_SUBSCRIPTIONS_PER_SOCKET: integer(20, 1, 10_000),
  LIVE_SUBSCRIPTIONS_PER_TOKEN: integer(50, 1, 100_000),
  LIVE_SOCKETS_PER_TOKEN: integer(10, 1, 10_000),
  LIVE_CONNECTION_INIT_TIMEOUT_MS: integer(3_000, 100, 60_000),
  LIVE_TOKEN_RECHECK_MS: integer(500, 50, 60_000),
  // GraphQL limits (README.md, "Limits")
  QUERY_MAX_DEPTH: integer(DEFAULT_QUERY_LIMITS.maxDepth, 1, 100),
  QUERY_MAX_ALIASES: integer(DEFAULT_QUERY_LIMITS.maxAliases, 1, 10_000),
  QUERY_MAX_TOKENS: integer(DEFAULT_QUERY_LIMITS.maxTokens, 1, 1_000_000),
  QUERY_MAX_DIRECTIVES: integer(DEFAULT_QUERY_LIMITS.maxDirectives, 1, 10_000),
  QUERY_MAX_COST: integer(DEFAULT_QUERY_LIMITS.maxCost, 1, 100_000_000),
  GRAPHIQL: oneOf(['false', 'true'], 'false'),
  // Operations: logs, rate limits, metrics (README.md, "Operations")
  LOG_LEVEL: oneOf(LOG_LEVELS, 'info'),
  RATE_LIMIT_PER_MINUTE: integer(1_200, 1, 10_000_000),
  RATE_LIMIT_ANONYMOUS_PER_MINUTE: integer(120, 1, 10_000_000),
  METRICS_TOKEN: optionalText((value) => value.length >= 16, 'at least 16 characters (or unset)'),
  // Notifications
  SMTP_URL: optionalText(isSmtpUrl, 'an smtp:// or smtps:// URL, e.g. smtp://user:pass@mail.example.org:587'),
  MAIL_FROM: text('Conventio <conventio@localhost>'),
  DISPATCH_INTERVAL_MS: integer(10_000, 50, MS_PER_DAY),
  OUTBOX_MAX_ATTEMPTS: integer(8, 1, 100),
  OUTBOX_RETRY_BASE_MS: integer(60_000, 10, MS_PER_DAY),
  OUTBOX_LEASE_MS: integer(60_000, 1_000, MS_PER_DAY),
  WEBHOOK_ALLOW_LOCAL: oneOf(['false', 'true'], 'false'),
  // Web sign-in (README.md, "Signing in from a browser")
  SESSION_TTL_MINUTES: integer(720, 1, 43_200),
  TRUST_PROXY: oneOf(['false', 'true'], 'false'),
} satisfies Record<string, Field<unknown>>;

type Environment = { [Name in keyof typeof environment]: FieldValue<(typeof environment)[Name]> };
type FieldValue<F> = F extends Field<infer T> ? T : never;

/** The variables `configFromEnv` reads (for documentation checks). */
export const ENVIRONMENT_VARIABLES: readonly string[] = Object.keys(environment);

/** Variables whose value may hold a secret, never repeated in a message. */
const SECRET_VARIABLES = new Set(['DATABASE_URL', 'METRICS_TOKEN', 'SMTP_URL']);

function shown(value: string | undefined): string {
  if (value === undefined) return 'unset';
  return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
}

/** Reads and validates the configuration from the environment; every setting has a working default. */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): Config {
  const values: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [name, field] of Object.entries(environment) as [string, Field<unknown>][]) {
    const read = field(env[name]);
    if ('value' in read) {
      values[name] = read.value;
      continue;
    }
    // A password in DATABASE_URL or SMTP_URL, or the metrics token, never reaches a log.
    const value = SECRET_VARIABLES.has(name) ? `${name} (value not shown)` : `${name}=${shown(env[name])}`;
    problems.push(`${value}: expected ${read.expected}`);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  const e = values as Environment;
  const databasePath = resolve(e.DATABASE_PATH);
  return {
    databasePath,
    databaseUrl: e.DATABASE_URL,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    sqliteCacheMB: e.SQLITE_CACHE_MB,
    workflowsDir: resolve(e.WORKFLOWS_DIR),
    host: e.HOST,
    port: e.PORT,
    clock: e.CLOCK,
    clockStart: e.CLOCK_START,
    schedulerIntervalMs: e.SCHEDULER_INTERVAL_MS,
    auditKeyPath: resolve(e.AUDIT_KEY_PATH ?? join(dirname(databasePath), 'audit-key.pem')),
    checkpointOrigin: e.CHECKPOINT_ORIGIN,
    checkpointIntervalMs: e.CHECKPOINT_INTERVAL_MS,
    deadlineLeaseMs: e.DEADLINE_LEASE_MS,
    liveActors: e.LIVE_ACTORS,
    heap: { youngGrowth: e.HEAP_YOUNG_GROWTH, growingPercent: e.HEAP_GROWING_PERCENT },
    memoryTrimQuietSeconds: e.MEMORY_TRIM_QUIET_SECONDS,
    // Calendar feeds
    publicUrl: e.PUBLIC_URL?.replace(/\/+$/, '') ?? null,
    liveSubscriptionsPerSocket: e.LIVE_SUBSCRIPTIONS_PER_SOCKET,
    liveSubscriptionsPerToken: e.LIVE_SUBSCRIPTIONS_PER_TOKEN,
    liveSocketsPerToken: e.LIVE_SOCKETS_PER_TOKEN,
    liveConnectionInitTimeoutMs: e.LIVE_CONNECTION_INIT_TIMEOUT_MS,
    liveTokenRecheckMs: e.LIVE_TOKEN_RECHECK_MS,
    queryLimits: {
      maxDepth: e.QUERY_MAX_DEPTH,
      maxAliases: e.QUERY_MAX_ALIASES,
      maxTokens: e.QUERY_MAX_TOKENS,
      maxDirectives: e.QUERY_MAX_DIRECTIVES,
      maxCost: e.QUERY_MAX_COST,
    },
    graphiql: e.GRAPHIQL === 'true',
    logLevel: e.LOG_LEVEL,
    rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
    rateLimitAnonymousPerMinute: e.RATE_LIMIT_ANONYMOUS_PER_MINUTE,
    metricsToken: e.METRICS_TOKEN,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    dispatchIntervalMs: e.DISPATCH_INTERVAL_MS,
    outboxMaxAttempts: e.OUTBOX_MAX_ATTEMPTS,
    outboxRetryBaseMs: e.OUTBOX_RETRY_BASE_MS,
    outboxLeaseMs: e.OUTBOX_LEASE_MS,
    webhookAllowLocal: e.WEBHOOK_ALLOW_LOCAL === 'true',
    sessionTtlMinutes: e.SESSION_TTL_MINUTES,
    trustProxy: e.TRUST_PROXY === 'true',
  };
}

export function databaseTarget(config: Config): DatabaseTarget {
  return config.databaseUrl
    ? { kind: 'postgres', url: config.databaseUrl, poolSize: config.databasePoolSize }
    : { kind: 'sqlite', path: config.databasePath, cacheMB: config.sqliteCacheMB };
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
