import { localInstant, localInstantOrNull, withLocalInstants } from './local-time';

const PARIS = 'Europe/Paris';

describe('localInstant', () => {
  it('writes a winter instant at +01:00, on the next day past 23:00 UTC', () => {
    expect(localInstant('2011-01-14T23:30:00.000Z', PARIS)).toBe('2011-01-15T00:30:00+01:00');
  });

  it('writes a summer instant at +02:00, on the next day past 22:00 UTC', () => {
    expect(localInstant('2010-06-23T23:30:00Z', PARIS)).toBe('2010-06-24T01:30:00+02:00');
    expect(localInstant('2010-06-23T22:30:00Z', PARIS)).toBe('2010-06-24T00:30:00+02:00');
  });

  it('keeps milliseconds only when there are some', () => {
    expect(localInstant('2010-06-24T10:00:00.250Z', PARIS)).toBe('2010-06-24T12:00:00.250+02:00');
  });

  it('follows the change of offset on the night it happens', () => {
    expect(localInstant('2011-03-27T00:59:59Z', PARIS)).toBe('2011-03-27T01:59:59+01:00');
    expect(localInstant('2011-03-27T01:00:00Z', PARIS)).toBe('2011-03-27T03:00:00+02:00');
  });

  it('writes other zones with theirs', () => {
    expect(localInstant('2010-06-24T03:00:00Z', 'America/Cayenne')).toBe('2010-06-24T00:00:00-03:00');
    expect(localInstant('2010-06-24T03:00:00Z', 'UTC')).toBe('2010-06-24T03:00:00Z');
  });

  it('refuses what is not an instant', () => {
    expect(() => localInstant('tomorrow', PARIS)).toThrow(/cannot write/);
  });
});

describe('localInstantOrNull', () => {
  it('answers null for an instant that has not happened', () => {
    expect(localInstantOrNull(null, PARIS)).toBeNull();
    expect(localInstantOrNull('', PARIS)).toBeNull();
    expect(localInstantOrNull('2011-01-14T23:30:00Z', PARIS)).toBe('2011-01-15T00:30:00+01:00');
  });
});

describe('withLocalInstants', () => {
  it('adds a <field>Local beside each named field, read from its current value', () => {
    const signature = withLocalInstants(
      { signedAt: '2011-01-14T23:30:00Z' as string | null, settledAt: null as string | null },
      ['signedAt', 'settledAt'],
      PARIS,
    );
    expect(signature.signedAtLocal).toBe('2011-01-15T00:30:00+01:00');
    expect(signature.settledAtLocal).toBeNull();
    expect(JSON.parse(JSON.stringify(signature))).toEqual({
      signedAt: '2011-01-14T23:30:00Z',
      signedAtLocal: '2011-01-15T00:30:00+01:00',
      settledAt: null,
      settledAtLocal: null,
    });
    expect({ ...signature }.signedAtLocal).toBe('2011-01-15T00:30:00+01:00');
  });
});
