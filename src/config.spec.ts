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
    ['CLOCK', 'fast', /CLOCK="fast": expected one of "system", "manual"/],
    ['CLOCK_START', '2010-06-24', /CLOCK_START="2010-06-24": expected an ISO 8601 instant/],
    ['CLOCK_START', '2010-02-30T00:00:00Z', /CLOCK_START=/],
    ['DEADLINE_LEASE_MS', '10', /DEADLINE_LEASE_MS="10"/],
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
