import { createHmac } from 'node:crypto';
import { newSigningSecret, sign, verify } from './webhook-signature';

describe('Standard Webhooks signature', () => {
  // The example of the Standard Webhooks specification.
  const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
  const id = 'msg_p5jXN8AQM9LWM0D4loKWxJek';
  const timestamp = 1614265330;
  const body = '{"test": 2432232314}';

  it('signs as the specification’s example does', () => {
    expect(sign(secret, id, timestamp, body)).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });

  it('verifies one of several signatures, and refuses a changed body, id or timestamp', () => {
    const header = `v1,bm9wZQ== ${sign(secret, id, timestamp, body)}`;
    expect(verify(secret, id, timestamp, body, header)).toBe(true);
    expect(verify(secret, id, timestamp, `${body} `, header)).toBe(false);
    expect(verify(secret, 'msg_other', timestamp, body, header)).toBe(false);
    expect(verify(secret, id, timestamp + 1, body, header)).toBe(false);
  });

  it('makes secrets of 24 random bytes, each new', () => {
    const [a, b] = [newSigningSecret(), newSigningSecret()];
    expect(a).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    expect(a).not.toBe(b);
    const key = Buffer.from(a.slice(6), 'base64');
    expect(sign(a, id, timestamp, body)).toBe(
      `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`,
    );
  });
});
