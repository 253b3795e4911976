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
    expect(() => configFromEnv({ [name]: '0' })).toThrow(`${name} must be a positive integer, got "0"`);
    expect(() => configFromEnv({ [name]: 'lots' })).toThrow(`${name} must be a positive integer, got "lots"`);
  });

  it('refuses a GRAPHIQL other than true or false', () => {
    expect(() => configFromEnv({ GRAPHIQL: 'yes' })).toThrow('GRAPHIQL must be "true" or "false", got "yes"');
  });
});
