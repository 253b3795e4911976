import { KnownTokens } from './known-tokens';
import { rateLimitedBody, rateLimitKey } from './rate-limit';

describe('rateLimitKey', () => {
  const secret = 'cvt_0123456789abcdefghijklmnopqrstuvwxyzABCDEFG';
  const other = `${secret}x`;
  const bearer = (token: string, ip = '10.0.0.1') => ({ headers: { authorization: `Bearer ${token}` }, ip });
  let lookups: string[];
  let known: KnownTokens;

  beforeEach(() => {
    lookups = [];
    known = new KnownTokens(async (token) => {
      lookups.push(token);
      return token === secret || token === other;
    });
  });

  it('counts a request with a valid token under a digest of it, never the secret itself', async () => {
    const key = await rateLimitKey(bearer(secret), known);
    expect(key).toMatch(/^token:[0-9a-f]{32}$/);
    expect(key).not.toContain(secret);
  });

  it('gives one token the same key from any address, and two tokens two keys', async () => {
    const a = await rateLimitKey(bearer(secret, '10.0.0.1'), known);
    expect(await rateLimitKey(bearer(secret, '10.0.0.2'), known)).toBe(a);
    expect(await rateLimitKey(bearer(other), known)).not.toBe(a);
  });

  it('counts a browser signed in with a real session against its session, not its address', async () => {
    const session = 'cvs_0123456789abcdefghijklmnopqrstuvwxyz';
    const cookie = (ip: string) => ({ headers: { cookie: `lang=fr; conventio_session=${session}` }, ip });
    const sessions = new KnownTokens(async (token) => {
      lookups.push(token);
      return token === session;
    });
    const key = await rateLimitKey(cookie('10.0.0.1'), sessions);
    expect(key).toMatch(/^token:[0-9a-f]{32}$/);
    expect(await rateLimitKey(cookie('10.0.0.2'), sessions)).toBe(key);
    expect(lookups).toEqual([session]);
    const forged = { headers: { cookie: 'conventio_session=cvs_forged' }, ip: '10.0.0.3' };
    expect(await rateLimitKey(forged, sessions)).toBe('address:10.0.0.3');
  });

  it('looks a token up once, then remembers it', async () => {
    await rateLimitKey(bearer(secret), known);
    await rateLimitKey(bearer(secret), known);
    expect(lookups).toEqual([secret]);
  });

  it('counts a made-up token under its address, so that inventing tokens opens no new bucket', async () => {
    expect(await rateLimitKey(bearer('cvt_made-up-1'), known)).toBe('address:10.0.0.1');
    expect(await rateLimitKey(bearer('cvt_made-up-2'), known)).toBe('address:10.0.0.1');
  });

  it('counts a request without a token under its address', async () => {
    expect(await rateLimitKey({ headers: {}, ip: '10.0.0.1' }, known)).toBe('address:10.0.0.1');
    expect(await rateLimitKey({ headers: { authorization: 'Basic abc' }, ip: '10.0.0.1' }, known)).toBe(
      'address:10.0.0.1',
    );
  });
});

describe('KnownTokens', () => {
  it('forgets the oldest token past its capacity', async () => {
    const lookups: string[] = [];
    const known = new KnownTokens(async (token) => (lookups.push(token), true), 2);
    for (const token of ['a', 'b', 'c', 'a']) await known.isKnown(token, token);
    expect(lookups).toEqual(['a', 'b', 'c', 'a']);
  });
});

describe('rateLimitedBody', () => {
  it('is a GraphQL response whose error has code RATE_LIMITED and says when to retry', () => {
    expect(rateLimitedBody(600, 17)).toEqual({
      data: null,
      errors: [
        {
          message: 'too many requests: 600 per minute allowed; retry in 17 s',
          extensions: { code: 'RATE_LIMITED', retryAfter: 17 },
        },
      ],
    });
  });
});
