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
