import { DateTime } from 'luxon';
import {
  addDays,
  addDuration,
  isOnOrAfter,
  isValidDuration,
  localDate,
  nextAnniversary,
  startOfDay,
  subtractDuration,
} from './calendar';

const PARIS = 'Europe/Paris';

describe('addDuration', () => {
  it('adds calendar months: 24 June + 3 months is 24 September', () => {
    expect(addDuration('2010-06-24', 'P3M', PARIS)).toBe('2010-09-24');
  });

  it('adds 12 months as one year: 24 June 2010 + 12 months is 24 June 2011', () => {
    expect(addDuration('2010-06-24', 'P12M', PARIS)).toBe('2011-06-24');
  });

  it('clamps to the end of a shorter month: 31 January + 1 month is 28 February', () => {
    expect(addDuration('2010-01-31', 'P1M', PARIS)).toBe('2010-02-28');
  });

  it('clamps to 29 February in a leap year: 31 January 2012 + 1 month is 29 February 2012', () => {
    expect(addDuration('2012-01-31', 'P1M', PARIS)).toBe('2012-02-29');
  });

  it('multiplies the duration rather than adding it repeatedly: 31 January + 2 × 1 month is 31 March', () => {
    expect(addDuration('2010-01-31', 'P1M', PARIS, 2)).toBe('2010-03-31');
  });

  it('adds a year to 29 February as 28 February of the next year', () => {
    expect(addDuration('2012-02-29', 'P1Y', PARIS)).toBe('2013-02-28');
  });

  it('comes back to 29 February four years later', () => {
    expect(addDuration('2012-02-29', 'P1Y', PARIS, 4)).toBe('2016-02-29');
  });

  it('adds three years to the Région–Acsé signature date', () => {
    expect(addDuration('2008-07-11', 'P3Y', PARIS)).toBe('2011-07-11');
  });

  it('is not shifted by the change to summer time', () => {
    expect(addDuration('2011-03-26', 'P1D', PARIS)).toBe('2011-03-27');
    expect(addDuration('2011-03-27', 'P1D', PARIS)).toBe('2011-03-28');
  });

  it('rejects a malformed duration', () => {
    expect(() => addDuration('2010-06-24', '3 months', PARIS)).toThrow(RangeError);
  });

  it('rejects a malformed date', () => {
    expect(() => addDuration('24/06/2010', 'P3M', PARIS)).toThrow(RangeError);
  });
});

describe('subtractDuration', () => {
  it('subtracts calendar months: 24 June 2011 − 3 months is 24 March 2011', () => {
    expect(subtractDuration('2011-06-24', 'P3M', PARIS)).toBe('2011-03-24');
  });

  it('clamps to the end of a shorter month: 31 May − 3 months is 28 February', () => {
    expect(subtractDuration('2011-05-31', 'P3M', PARIS)).toBe('2011-02-28');
  });
});

describe('addDays', () => {
  it('steps back over a month boundary', () => {
    expect(addDays('2011-07-01', -1, PARIS)).toBe('2011-06-30');
  });

  it('steps over 29 February in a leap year', () => {
    expect(addDays('2012-02-28', 1, PARIS)).toBe('2012-02-29');
    expect(addDays('2011-02-28', 1, PARIS)).toBe('2011-03-01');
  });
});

describe('nextAnniversary', () => {
  it('is the first anniversary strictly after the date', () => {
    expect(nextAnniversary('2008-07-11', '2008-12-01', PARIS)).toBe('2009-07-11');
  });

  it('skips the anniversary falling on the date itself', () => {
    expect(nextAnniversary('2008-07-11', '2009-07-11', PARIS)).toBe('2010-07-11');
  });

  it('is the anniversary itself on its eve', () => {
    expect(nextAnniversary('2008-07-11', '2009-07-10', PARIS)).toBe('2009-07-11');
  });

  it('falls on 28 February in common years for an anchor on 29 February', () => {
    expect(nextAnniversary('2012-02-29', '2012-03-01', PARIS)).toBe('2013-02-28');
    expect(nextAnniversary('2012-02-29', '2013-02-28', PARIS)).toBe('2014-02-28');
  });

  it('falls on 29 February again in the next leap year for an anchor on 29 February', () => {
    expect(nextAnniversary('2012-02-29', '2015-03-01', PARIS)).toBe('2016-02-29');
  });
});

describe('startOfDay', () => {
  it('is midnight in Paris expressed in UTC, in winter and in summer time', () => {
    expect(startOfDay('2011-03-25', PARIS)).toBe('2011-03-24T23:00:00.000Z');
    expect(startOfDay('2011-06-24', PARIS)).toBe('2011-06-23T22:00:00.000Z');
  });
});

describe('localDate', () => {
  it('is the Paris calendar date of an instant late in the UTC evening', () => {
    expect(localDate('2010-06-23T22:30:00.000Z', PARIS)).toBe('2010-06-24');
    expect(localDate('2010-06-23T21:59:59.000Z', PARIS)).toBe('2010-06-23');
  });
});

describe('isValidDuration', () => {
  it('accepts ISO-8601 durations and rejects empty or malformed ones', () => {
    expect(isValidDuration('P3M')).toBe(true);
    expect(isValidDuration('P0D')).toBe(false);
    expect(isValidDuration('three months')).toBe(false);
  });
});

describe('isOnOrAfter', () => {
  it('compares ISO dates', () => {
    expect(isOnOrAfter('2011-03-25', '2011-03-24')).toBe(true);
    expect(isOnOrAfter('2011-03-24', '2011-03-24')).toBe(true);
    expect(isOnOrAfter('2011-03-23', '2011-03-24')).toBe(false);
  });
});

describe('localDate (memoised offsets)', () => {
  const zones = [
    PARIS,
    'America/New_York',
    'Asia/Kathmandu',
    'Australia/Lord_Howe',
    'Pacific/Chatham',
    'UTC',
  ];

  function byLuxon(at: string, zone: string): string {
    return DateTime.fromISO(at, { zone }).toISODate() as string;
  }

  it('gives the date luxon gives, minute by minute around the DST changes of 2026 in Paris', () => {
    // 29 March 2026, 01:00 UTC (CET → CEST) and 25 October 2026, 01:00 UTC (CEST → CET).
    for (const change of [Date.UTC(2026, 2, 28, 22, 0), Date.UTC(2026, 9, 24, 21, 0)]) {
      for (let minute = 0; minute < 6 * 60; minute++) {
        const at = new Date(change + minute * 60_000).toISOString();
        expect([at, localDate(at, PARIS)]).toEqual([at, byLuxon(at, PARIS)]);
      }
    }
  });

  it('gives the date luxon gives for instants spread over 1980–2060 in zones with odd offsets', () => {
    let seed = 7;
    const next = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    for (let i = 0; i < 5000; i++) {
      const epoch = Date.UTC(1980, 0, 1) + Math.floor(next() * 80 * 365.25 * 86_400_000);
      const at = new Date(epoch).toISOString();
      const zone = zones[i % zones.length]!;
      expect([at, zone, localDate(at, zone)]).toEqual([at, zone, byLuxon(at, zone)]);
    }
  });

  it('reads instants with an offset, and older or odd ones, as luxon does', () => {
    for (const at of [
      '2026-03-29T03:30:00+02:00',
      '1911-03-10T23:55:00Z',
      '2026-06-01T00:00Z',
      '2026-06-01T22:15:00.123-04:00',
    ]) {
      expect(localDate(at, PARIS)).toBe(byLuxon(at, PARIS));
    }
  });

  it('refuses what is not an instant', () => {
    expect(() => localDate('tomorrow', PARIS)).toThrow(RangeError);
  });
});
