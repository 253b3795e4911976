import fc from 'fast-check';
import { DateTime } from 'luxon';
import { addDays } from './calendar';
import { lastDayOf, latestEventEndingBy } from './period-end';

const PARIS = 'Europe/Paris';
const NOUMEA = 'Pacific/Noumea';

describe('lastDayOf, a period counted from an event (it starts the day after)', () => {
  it('ends on the day of the same number: 15 March + 4 months is 15 July', () => {
    expect(lastDayOf({ after: '2021-03-15' }, 'P4M', PARIS)).toBe('2021-07-15');
  });

  it("« dans les quatre mois suivant l'échéance » of 31 December is 30 April: April has no 31st", () => {
    expect(lastDayOf({ after: '2021-12-31' }, 'P4M', PARIS)).toBe('2022-04-30');
  });

  it('ends on the last day of February after 31 January + 1 month: 28 in a common year, 29 in a leap year', () => {
    expect(lastDayOf({ after: '2021-01-31' }, 'P1M', PARIS)).toBe('2021-02-28');
    expect(lastDayOf({ after: '2024-01-31' }, 'P1M', PARIS)).toBe('2024-02-29');
  });

  it('ends on 28 February a year after 29 February, and on 29 February four years after', () => {
    expect(lastDayOf({ after: '2024-02-29' }, 'P1Y', PARIS)).toBe('2025-02-28');
    expect(lastDayOf({ after: '2024-02-29' }, 'P4Y', PARIS)).toBe('2028-02-29');
  });

  it('counts days and weeks without a month-end rule: 31 January + 30 days is 2 March', () => {
    expect(lastDayOf({ after: '2021-01-31' }, 'P30D', PARIS)).toBe('2021-03-02');
    expect(lastDayOf({ after: '2021-01-31' }, 'P2W', PARIS)).toBe('2021-02-14');
  });

  it('is not moved by the changes of summer and winter time in Paris', () => {
    expect(lastDayOf({ after: '2021-03-27' }, 'P1D', PARIS)).toBe('2021-03-28');
    expect(lastDayOf({ after: '2021-10-30' }, 'P1D', PARIS)).toBe('2021-10-31');
    expect(lastDayOf({ after: '2020-12-28' }, 'P3M', PARIS)).toBe('2021-03-28');
  });

  it('counts the same in an overseas zone without summer time (Nouméa)', () => {
    expect(lastDayOf({ after: '2021-12-31' }, 'P4M', NOUMEA)).toBe('2022-04-30');
  });
});

describe('lastDayOf, a period counted from its first day', () => {
  it('a 12-month term from 1 January ends on 31 December', () => {
    expect(lastDayOf({ from: '2021-01-01' }, 'P12M', PARIS)).toBe('2021-12-31');
    expect(lastDayOf({ from: '2021-01-01' }, 'P1Y', PARIS)).toBe('2021-12-31');
  });

  it('a month from 1 March ends on 31 March, and from 24 June on 23 July', () => {
    expect(lastDayOf({ from: '2021-03-01' }, 'P1M', PARIS)).toBe('2021-03-31');
    expect(lastDayOf({ from: '2010-06-24' }, 'P1M', PARIS)).toBe('2010-07-23');
  });

  it('a month from 31 January ends on the last day of February (28, or 29 in a leap year), not the day before', () => {
    expect(lastDayOf({ from: '2021-01-31' }, 'P1M', PARIS)).toBe('2021-02-28');
    expect(lastDayOf({ from: '2024-01-31' }, 'P1M', PARIS)).toBe('2024-02-29');
    expect(lastDayOf({ from: '2024-01-30' }, 'P1M', PARIS)).toBe('2024-02-29');
  });

  it('a month from 29 January ends on 28 February in both kinds of year', () => {
    expect(lastDayOf({ from: '2021-01-29' }, 'P1M', PARIS)).toBe('2021-02-28');
    expect(lastDayOf({ from: '2024-01-29' }, 'P1M', PARIS)).toBe('2024-02-28');
  });

  it('a year from 29 February ends on 28 February; four years from it, on 28 February', () => {
    expect(lastDayOf({ from: '2024-02-29' }, 'P1Y', PARIS)).toBe('2025-02-28');
    expect(lastDayOf({ from: '2024-02-29' }, 'P4Y', PARIS)).toBe('2028-02-28');
  });

  it('multiplies the period from the same first day: months 1, 2 and 3 from 31 January', () => {
    expect(lastDayOf({ from: '2021-01-31' }, 'P1M', PARIS, 1)).toBe('2021-02-28');
    expect(lastDayOf({ from: '2021-01-31' }, 'P1M', PARIS, 2)).toBe('2021-03-30');
    expect(lastDayOf({ from: '2021-01-31' }, 'P1M', PARIS, 3)).toBe('2021-04-30');
  });

  it('counts days from the first day: 30 days from 1 January end on 30 January', () => {
    expect(lastDayOf({ from: '2021-01-01' }, 'P30D', PARIS)).toBe('2021-01-30');
  });

  it('ends across the change to summer time on the expected day', () => {
    expect(lastDayOf({ from: '2021-03-28' }, 'P1D', PARIS)).toBe('2021-03-28');
    expect(lastDayOf({ from: '2021-03-01' }, 'P1M', NOUMEA)).toBe('2021-03-31');
  });

  it('leaves no gap and no overlap between consecutive periods (any first day, 1 to 24 months)', () => {
    const days = fc.integer({ min: 0, max: 365 * 40 }).map((n) => addDays('1990-01-01', n, 'UTC'));
    fc.assert(
      fc.property(
        days,
        fc.integer({ min: 1, max: 24 }),
        fc.integer({ min: 1, max: 12 }),
        (first, months, k) => {
          const period = `P${months}M`;
          const end = lastDayOf({ from: first }, period, PARIS, k);
          const next = lastDayOf({ from: first }, period, PARIS, k + 1);
          expect(end < next).toBe(true);
          // The next period starts on the day of the same number, or on the 1st after a month without it.
          const start = DateTime.fromISO(first);
          const nextStart = DateTime.fromISO(addDays(end, 1, PARIS));
          const shortMonth = DateTime.fromISO(end);
          const sameDay = nextStart.day === start.day;
          const afterShortMonth = nextStart.day === 1 && (shortMonth.daysInMonth as number) < start.day;
          expect(sameDay || afterShortMonth).toBe(true);
          expect(Math.round(nextStart.diff(start.startOf('month'), 'months').months)).toBeGreaterThanOrEqual(
            months * k,
          );
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('latestEventEndingBy: the last day to give notice of a period so that it ends by a given day', () => {
  it('three months that end by 23 June 2011 are given by 23 March (HALDE–AMF)', () => {
    expect(latestEventEndingBy('2011-06-23', 'P3M', PARIS)).toBe('2011-03-23');
  });

  it('three months that end by 30 June may be given until 31 March (31 March + 3 months is 30 June)', () => {
    expect(latestEventEndingBy('2021-06-30', 'P3M', PARIS)).toBe('2021-03-31');
  });

  it('three months that end by 31 December are given by 30 September', () => {
    expect(latestEventEndingBy('2020-12-31', 'P3M', PARIS)).toBe('2020-09-30');
  });

  it('one month that ends by 28 February 2021 may be given until 31 January; by 29 February 2024, too', () => {
    expect(latestEventEndingBy('2021-02-28', 'P1M', PARIS)).toBe('2021-01-31');
    expect(latestEventEndingBy('2024-02-29', 'P1M', PARIS)).toBe('2024-01-31');
    expect(latestEventEndingBy('2024-02-28', 'P1M', PARIS)).toBe('2024-01-28');
  });

  it('is the last such day: its period ends by the given day, the next day’s after it', () => {
    const days = fc.integer({ min: 0, max: 365 * 40 }).map((n) => addDays('1990-01-01', n, 'UTC'));
    fc.assert(
      fc.property(days, fc.constantFrom('P1M', 'P2M', 'P3M', 'P6M', 'P1Y', 'P30D'), (lastDay, period) => {
        const latest = latestEventEndingBy(lastDay, period, PARIS);
        expect(lastDayOf({ after: latest }, period, PARIS) <= lastDay).toBe(true);
        expect(lastDayOf({ after: addDays(latest, 1, PARIS) }, period, PARIS) > lastDay).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
