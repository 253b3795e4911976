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
    expect(() => configFromEnv({ [name]: '0' })).toThrow(`${name} must be a positive integer, got "0"`);
  });
});
