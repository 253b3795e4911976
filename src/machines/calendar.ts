import { DateTime, Duration } from 'luxon';
import { FIRST_DAY } from './date-window';

/**
 * Calendar arithmetic on ISO dates (`YYYY-MM-DD`) and instants, in a convention's time zone.
 * Months are calendar months (24 June + 3 months = 24 September; 31 January + 1 month =
 * 28 or 29 February), as luxon computes them.
 */

export type IsoDate = string;
export type IsoInstant = string;

/**
 * Every function here is pure and its inputs repeat a great deal (the same due dates, terms and
 * zones across thousands of conventions and every replayed event), while luxon's zone arithmetic
 * is costly (`Intl.DateTimeFormat` parts per DateTime). Results are therefore memoised, in a
 * bounded map per function that is emptied when full.
 */
const MEMO_LIMIT = 5_000;

export function memoised<A extends unknown[], R>(compute: (...args: A) => R): (...args: A) => R {
  const results = new Map<string, R>();
  return (...args: A): R => {
    const key = args.join('|');
    const known = results.get(key);
    if (known !== undefined) return known;
    const result = compute(...args);
    if (results.size >= MEMO_LIMIT) results.clear();
    results.set(key, result);
    return result;
  };
}

function date(iso: IsoDate, zone: string): DateTime {
  const parsed = DateTime.fromISO(iso, { zone });
  if (!parsed.isValid) throw new RangeError(`not a date: ${iso}`);
  return parsed;
}

function duration(iso: string): Duration {
  const parsed = Duration.fromISO(iso);
  if (!parsed.isValid) throw new RangeError(`not an ISO-8601 duration: ${iso}`);
  return parsed;
}

export const isValidDuration = memoised((iso: string): boolean => {
  const parsed = Duration.fromISO(iso);
  return parsed.isValid && parsed.toMillis() > 0;
});

/** A calendar date written `YYYY-MM-DD`. */
export function isCalendarDate(iso: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(iso) && DateTime.fromISO(iso, { zone: 'utc' }).isValid;
}

/** A time zone's offset from UTC, in minutes, at an instant. */
function offsetAt(epochMillis: number, zone: string): number {
  const parsed = DateTime.fromMillis(epochMillis, { zone });
  if (!parsed.isValid) throw new RangeError(`not a time zone: ${zone}`);
  return parsed.offset;
}

/**
 * Offsets change only at transitions, and since 1980 every zone's offsets and transitions fall on
 * a quarter of an hour (UTC), so one lookup per zone and quarter of an hour serves every instant
 * in it. Earlier instants (local mean times with odd seconds) go through luxon.
 */
const QUARTER_HOURS_FROM = Date.parse(`${FIRST_DAY}T00:00:00Z`);
const QUARTER_HOUR = 15 * 60 * 1000;
const offsetInQuarter = memoised((quarter: number, zone: string): number =>
  offsetAt(quarter * QUARTER_HOUR, zone),
);

/** The calendar date of an instant in a time zone. */
export function localDate(at: IsoInstant, zone: string): IsoDate {
  const epoch = Date.parse(at);
  // Date.parse reads only full ISO-8601 instants reliably; anything else goes through luxon.
  if (!Number.isFinite(epoch) || epoch < QUARTER_HOURS_FROM || !INSTANT.test(at)) {
    return localDateByLuxon(at, zone);
  }
  const offset = offsetInQuarter(Math.floor(epoch / QUARTER_HOUR), zone);
  const local = new Date(epoch + offset * 60_000);
  // Past 9999 (an offset east of the last instant) toISOString would write a six-digit year.
  if (local.getUTCFullYear() > 9999) return localDateByLuxon(at, zone);
  return local.toISOString().slice(0, 10);
}

/** An instant with its date, time and an explicit offset or Z. */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

const localDateByLuxon = memoised((at: IsoInstant, zone: string): IsoDate => {
  const parsed = DateTime.fromISO(at, { zone });
  if (!parsed.isValid) throw new RangeError(`not an instant: ${at}`);
  return parsed.toISODate() as IsoDate;
});

/** The instant a date begins in a time zone (midnight local time), in UTC. */
export const startOfDay = memoised(
  (day: IsoDate, zone: string): IsoInstant => date(day, zone).startOf('day').toUTC().toISO() as IsoInstant,
);

const addScaledDuration = memoised((day: IsoDate, iso: string, zone: string, times: number): IsoDate => {
  const d = duration(iso);
  let result = date(day, zone);
  // Multiply the duration rather than adding repeatedly, so 31 Jan + 2 × P1M is 31 March.
  result = result.plus(Duration.fromObject(scale({ ...d.toObject() }, times)));
  return result.toISODate() as IsoDate;
});

export function addDuration(day: IsoDate, iso: string, zone: string, times = 1): IsoDate {
  return addScaledDuration(day, iso, zone, times);
}

export const subtractDuration = memoised(
  (day: IsoDate, iso: string, zone: string): IsoDate =>
    date(day, zone).minus(duration(iso)).toISODate() as IsoDate,
);

export const addDays = memoised(
  (day: IsoDate, days: number, zone: string): IsoDate =>
    date(day, zone).plus({ days }).toISODate() as IsoDate,
);

/** ISO dates compare correctly as strings. */
export function isOnOrAfter(a: IsoDate, b: IsoDate): boolean {
  return a >= b;
}

/**
 * The first anniversary of `anchor` strictly after `after`: notice given on an
 * anniversary takes effect at the next one.
 */
export const nextAnniversary = memoised((anchor: IsoDate, after: IsoDate, zone: string): IsoDate => {
  let years = 1;
  let candidate = addDuration(anchor, 'P1Y', zone, years);
  while (candidate <= after) {
    years += 1;
    candidate = addDuration(anchor, 'P1Y', zone, years);
  }
  return candidate;
});

/**
 * The first date falling on `monthDay` (`MM-DD`) on or after `from`. A 29 February falls
 * on the 28th in common years.
 */
export const nextCalendarDate = memoised((monthDay: string, from: IsoDate): IsoDate => {
  const [month, day] = monthDay.split('-').map(Number) as [number, number];
  const start = DateTime.fromISO(from, { zone: 'UTC' });
  for (let year = start.year; ; year += 1) {
    const firstOfMonth = DateTime.fromObject({ year, month, day: 1 }, { zone: 'UTC' });
    const candidate = firstOfMonth.set({ day: Math.min(day, firstOfMonth.daysInMonth as number) });
    if (candidate >= start.startOf('day')) return candidate.toISODate() as IsoDate;
  }
});

function scale(units: Record<string, number | undefined>, times: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [unit, value] of Object.entries(units)) {
    if (value !== undefined) out[unit] = value * times;
  }
  return out;
}
