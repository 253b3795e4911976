import { configFromEnv, DEFAULT_LIVE_ACTORS } from './config';

describe('configFromEnv: LIVE_ACTORS', () => {
  it('keeps the default number of live machines when unset', () => {
    expect(configFromEnv({}).liveActors).toBe(DEFAULT_LIVE_ACTORS);
  });

  it('takes a positive integer', () => {
    expect(configFromEnv({ LIVE_ACTORS: '10000' }).liveActors).toBe(10_000);
  });

  it.each(['0', '-5', '1.5', 'many'])('refuses %s with a message that names the variable', (value) => {
    expect(() => configFromEnv({ LIVE_ACTORS: value })).toThrow(/LIVE_ACTORS/);
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
      /LOG_LEVEL must be one of fatal, error.*"loud"/,
    );
  });

  it.each(['RATE_LIMIT_PER_MINUTE', 'RATE_LIMIT_ANONYMOUS_PER_MINUTE'])(
    'refuses a %s that is not a positive integer',
    (name) => {
      expect(() => configFromEnv({ [name]: '0' })).toThrow(
        new RegExp(`${name} must be a positive integer, got "0"`),
      );
    },
  );

  it('refuses a short METRICS_TOKEN', () => {
    expect(() => configFromEnv({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN must be at least 16/);
  });
});
