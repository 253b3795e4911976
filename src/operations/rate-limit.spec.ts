import { rateLimitedBody, rateLimitKey } from './rate-limit';

describe('rateLimitKey', () => {
  const secret = 'cvt_0123456789abcdefghijklmnopqrstuvwxyzABCDEFG';

  it('counts a request with a bearer token under a digest of it, never the secret itself', () => {
    const key = rateLimitKey({ headers: { authorization: `Bearer ${secret}` }, ip: '10.0.0.1' });
    expect(key).toMatch(/^token:[0-9a-f]{32}$/);
    expect(key).not.toContain(secret);
  });

  it('gives one token the same key from any address, and two tokens two keys', () => {
    const a = rateLimitKey({ headers: { authorization: `Bearer ${secret}` }, ip: '10.0.0.1' });
    expect(rateLimitKey({ headers: { authorization: `Bearer ${secret}` }, ip: '10.0.0.2' })).toBe(a);
    expect(rateLimitKey({ headers: { authorization: `Bearer ${secret}x` }, ip: '10.0.0.1' })).not.toBe(a);
  });

  it('counts a request without a token under its address', () => {
    expect(rateLimitKey({ headers: {}, ip: '10.0.0.1' })).toBe('address:10.0.0.1');
    expect(rateLimitKey({ headers: { authorization: 'Basic abc' }, ip: '10.0.0.1' })).toBe(
      'address:10.0.0.1',
    );
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
