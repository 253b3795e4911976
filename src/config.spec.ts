import { ConfigError, configFromEnv, DEFAULT_LIVE_ACTORS, ENVIRONMENT_VARIABLES } from './config';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

function refusal(env: NodeJS.ProcessEnv): string {
  try {
    configFromEnv(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error(`accepted ${JSON.stringify(env)}`);
}

describe('configFromEnv', () => {
  it('starts from working defaults when nothing is set', () => {
    const config = configFromEnv({});
    expect(config).toMatchObject({
      databaseUrl: null,
      databasePoolSize: 10,
      host: '127.0.0.1',
      port: 3000,
      clock: 'system',
      clockStart: null,
      schedulerIntervalMs: 60_000,
      checkpointOrigin: 'conventio/log',
      checkpointIntervalMs: 3_600_000,
      deadlineLeaseMs: 30_000,
      liveActors: DEFAULT_LIVE_ACTORS,
    });
    expect(config.databasePath).toMatch(/data\/conventio\.sqlite$/);
  });

  it('keeps the audit key beside the database file unless AUDIT_KEY_PATH says otherwise', () => {
    expect(configFromEnv({ DATABASE_PATH: '/srv/conv/db.sqlite' }).auditKeyPath).toBe(
      '/srv/conv/audit-key.pem',
    );
    expect(configFromEnv({ AUDIT_KEY_PATH: '/keys/k.pem' }).auditKeyPath).toBe('/keys/k.pem');
  });

  it('takes the values it is given', () => {
    const config = configFromEnv({
      LIVE_ACTORS: '10000',
      SCHEDULER_INTERVAL_MS: '250',
      CLOCK: 'manual',
      CLOCK_START: '2010-06-24T00:00:00Z',
      DATABASE_URL: 'postgres://u:p@db:5432/conventio',
      PORT: '0',
    });
    expect(config).toMatchObject({
      liveActors: 10_000,
      schedulerIntervalMs: 250,
      clock: 'manual',
      clockStart: '2010-06-24T00:00:00Z',
      databaseUrl: 'postgres://u:p@db:5432/conventio',
      port: 0,
    });
  });

  it('keeps PUBLIC_URL without its trailing slash, so links join it with one', () => {
    expect(configFromEnv({}).publicUrl).toBeNull();
    expect(configFromEnv({ PUBLIC_URL: 'https://conventio.example.org/app/' }).publicUrl).toBe(
      'https://conventio.example.org/app',
    );
  });

  it('treats a blank variable as unset', () => {
    expect(configFromEnv({ DATABASE_URL: '  ', LIVE_ACTORS: '' })).toMatchObject({
      databaseUrl: null,
      liveActors: DEFAULT_LIVE_ACTORS,
    });
  });

  it.each([
    [
      'SCHEDULER_INTERVAL_MS',
      'abc',
      /SCHEDULER_INTERVAL_MS="abc": expected a whole number from 100 to 86400000/,
    ],
    ['SCHEDULER_INTERVAL_MS', '1', /SCHEDULER_INTERVAL_MS="1": expected a whole number from 100/],
    ['LIVE_ACTORS', '0', /LIVE_ACTORS="0": expected a whole number from 1 to/],
    ['LIVE_ACTORS', '-5', /LIVE_ACTORS="-5"/],
    ['LIVE_ACTORS', '1.5', /LIVE_ACTORS="1.5"/],
    ['PORT', '70000', /PORT="70000": expected a whole number from 0 to 65535/],
    ['SQLITE_CACHE_MB', '0', /SQLITE_CACHE_MB="0": expected a whole number from 1 to 4096/],
    ['SQLITE_CACHE_MB', '2.5', /SQLITE_CACHE_MB="2.5"/],
    ['CLOCK', 'fast', /CLOCK="fast": expected one of "system", "manual"/],
    ['CLOCK_START', '2010-06-24', /CLOCK_START="2010-06-24": expected an ISO 8601 instant/],
    ['CLOCK_START', '2010-02-30T00:00:00Z', /CLOCK_START=/],
    ['DEADLINE_LEASE_MS', '10', /DEADLINE_LEASE_MS="10"/],
    [
      'PUBLIC_URL',
      'conventio.example.org',
      /PUBLIC_URL="conventio.example.org": expected an absolute http\(s\) URL/,
    ],
    ['PUBLIC_URL', 'ftp://example.org', /PUBLIC_URL="ftp:\/\/example.org"/],
    ['PUBLIC_URL', 'https://example.org/?a=1', /PUBLIC_URL=/],
  ])('refuses %s=%s naming the variable, the value and what is allowed', (name, value, message) => {
    expect(refusal({ [name]: value })).toMatch(message);
  });

  it('lists every bad variable at once', () => {
    const message = refusal({ PORT: 'x', CLOCK: 'y', LIVE_ACTORS: 'z' });
    expect(message).toMatch(/PORT=/);
    expect(message).toMatch(/CLOCK=/);
    expect(message).toMatch(/LIVE_ACTORS=/);
  });

  it('never repeats a database password it refuses', () => {
    const message = refusal({ DATABASE_URL: 'mysql://user:s3cret@db/x' });
    expect(message).toMatch(/DATABASE_URL.*postgres:\/\/ URL/);
    expect(message).not.toContain('s3cret');
  });

  it('never repeats an SMTP password it refuses', () => {
    const message = refusal({ SMTP_URL: 'imap://user:s3cret@mail/x' });
    expect(message).toMatch(/SMTP_URL.*smtp:\/\/ or smtps:\/\/ URL/);
    expect(message).not.toContain('s3cret');
  });

  it('reads the notification settings, with their defaults', () => {
    expect(configFromEnv({})).toMatchObject({
      smtpUrl: null,
      publicUrl: null,
      dispatchIntervalMs: 10_000,
      outboxMaxAttempts: 8,
      webhookAllowLocal: false,
    });
    expect(
      configFromEnv({
        SMTP_URL: 'smtp://u:p@127.0.0.1:2525',
        PUBLIC_URL: 'https://conventio.example.org',
        OUTBOX_MAX_ATTEMPTS: '3',
        WEBHOOK_ALLOW_LOCAL: 'true',
      }),
    ).toMatchObject({
      smtpUrl: 'smtp://u:p@127.0.0.1:2525',
      publicUrl: 'https://conventio.example.org',
      outboxMaxAttempts: 3,
      webhookAllowLocal: true,
    });
    expect(refusal({ PUBLIC_URL: 'conventio.example.org' })).toMatch(
      /PUBLIC_URL="conventio.example.org".*http\(s\) URL/,
    );
    expect(refusal({ WEBHOOK_ALLOW_LOCAL: 'yes' })).toMatch(/WEBHOOK_ALLOW_LOCAL="yes"/);
  });

  it('documents every variable it reads in the README configuration table', () => {
    const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
    const undocumented = ENVIRONMENT_VARIABLES.filter((name) => !readme.includes(`\`${name}\``));
    expect(undocumented).toEqual([]);
  });
});

describe('configFromEnv: live updates', () => {
  it('bounds subscriptions and websockets by default', () => {
    expect(configFromEnv({})).toMatchObject({
      liveSubscriptionsPerSocket: 20,
      liveSubscriptionsPerToken: 50,
      liveSocketsPerToken: 10,
      liveConnectionInitTimeoutMs: 3_000,
      liveTokenRecheckMs: 500,
    });
  });

  it('takes positive integers', () => {
    const config = configFromEnv({ LIVE_SUBSCRIPTIONS_PER_SOCKET: '5', LIVE_TOKEN_RECHECK_MS: '250' });
    expect(config.liveSubscriptionsPerSocket).toBe(5);
    expect(config.liveTokenRecheckMs).toBe(250);
  });

  it.each([
    'LIVE_SUBSCRIPTIONS_PER_SOCKET',
    'LIVE_SUBSCRIPTIONS_PER_TOKEN',
    'LIVE_SOCKETS_PER_TOKEN',
    'LIVE_CONNECTION_INIT_TIMEOUT_MS',
    'LIVE_TOKEN_RECHECK_MS',
  ])('refuses a bad %s with a message naming it, the value and what is allowed', (name) => {
    expect(() => configFromEnv({ [name]: '0' })).toThrow(`${name}="0": expected a whole number from`);
  });
});

describe('configFromEnv: PostgreSQL pool', () => {
  it('refuses a pool of one connection, which start-up needs two of', () => {
    expect(() => configFromEnv({ DATABASE_POOL_SIZE: '1' })).toThrow(
      'DATABASE_POOL_SIZE="1": expected a whole number from 2 to 1000',
    );
    expect(configFromEnv({ DATABASE_POOL_SIZE: '2' }).databasePoolSize).toBe(2);
  });
});

describe('configFromEnv: GraphQL limits', () => {
  it('has documented defaults', () => {
    const config = configFromEnv({});
    expect(config.queryLimits).toEqual({
      maxDepth: 8,
      maxAliases: 30,
      maxTokens: 1_000,
      maxDirectives: 10,
      maxCost: 10_000,
    });
    expect(config.graphiql).toBe(false);
  });

  it('takes each limit from its variable', () => {
    const config = configFromEnv({
      QUERY_MAX_DEPTH: '12',
      QUERY_MAX_ALIASES: '5',
      QUERY_MAX_TOKENS: '3000',
      QUERY_MAX_DIRECTIVES: '2',
      QUERY_MAX_COST: '50000',
      GRAPHIQL: 'true',
    });
    expect(config.queryLimits).toEqual({
      maxDepth: 12,
      maxAliases: 5,
      maxTokens: 3_000,
      maxDirectives: 2,
      maxCost: 50_000,
    });
    expect(config.graphiql).toBe(true);
  });

  it.each([
    'QUERY_MAX_DEPTH',
    'QUERY_MAX_ALIASES',
    'QUERY_MAX_TOKENS',
    'QUERY_MAX_DIRECTIVES',
    'QUERY_MAX_COST',
  ])('refuses a bad %s, naming the variable and the value', (name) => {
    expect(() => configFromEnv({ [name]: '0' })).toThrow(`${name}="0": expected a whole number from 1 to`);
    expect(() => configFromEnv({ [name]: 'lots' })).toThrow(
      `${name}="lots": expected a whole number from 1 to`,
    );
  });

  it('refuses a GRAPHIQL other than true or false', () => {
    expect(() => configFromEnv({ GRAPHIQL: 'yes' })).toThrow(
      'GRAPHIQL="yes": expected one of "false", "true"',
    );
  });
});

describe('configFromEnv: operations', () => {
  it('has documented defaults: info logs, 1200 requests a minute per token, 120 per anonymous address', () => {
    expect(configFromEnv({})).toMatchObject({
      logLevel: 'info',
      rateLimitPerMinute: 1200,
      rateLimitAnonymousPerMinute: 120,
      metricsToken: null,
    });
  });

  it('takes a level, limits and a metrics token', () => {
    expect(
      configFromEnv({
        LOG_LEVEL: 'debug',
        RATE_LIMIT_PER_MINUTE: '50',
        RATE_LIMIT_ANONYMOUS_PER_MINUTE: '5',
        METRICS_TOKEN: 'a-long-enough-scraper-token',
      }),
    ).toMatchObject({
      logLevel: 'debug',
      rateLimitPerMinute: 50,
      rateLimitAnonymousPerMinute: 5,
      metricsToken: 'a-long-enough-scraper-token',
    });
  });

  it('refuses an unknown level, naming the variable, the value and the levels allowed', () => {
    expect(() => configFromEnv({ LOG_LEVEL: 'loud' })).toThrow(
      /LOG_LEVEL="loud": expected one of "fatal", "error".*"silent"/,
    );
  });

  it.each(['RATE_LIMIT_PER_MINUTE', 'RATE_LIMIT_ANONYMOUS_PER_MINUTE'])(
    'refuses a %s that is not a positive integer',
    (name) => {
      expect(() => configFromEnv({ [name]: '0' })).toThrow(
        new RegExp(`${name}="0": expected a whole number from 1 to`),
      );
    },
  );

  it('refuses a short METRICS_TOKEN', () => {
    let message = '';
    try {
      configFromEnv({ METRICS_TOKEN: 'short-secret' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/METRICS_TOKEN \(value not shown\): expected at least 16 characters/);
    expect(message).not.toContain('short-secret');
  });
});
