import { DateTime, Duration } from 'luxon';

/**
 * Calendar arithmetic on ISO dates (`YYYY-MM-DD`) and instants, in a convention's time zone.
 * Months are calendar months (24 June + 3 months = 24 September; 31 January + 1 month =
 * 28 or 29 February), as luxon computes them.
 */

export type IsoDate = string;
export type IsoInstant = string;

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

export function isValidDuration(iso: string): boolean {
  const parsed = Duration.fromISO(iso);
  return parsed.isValid && parsed.toMillis() > 0;
}

/** The calendar date of an instant in a time zone. */
export function localDate(at: IsoInstant, zone: string): IsoDate {
  const parsed = DateTime.fromISO(at, { zone });
  if (!parsed.isValid) throw new RangeError(`not an instant: ${at}`);
  return parsed.toISODate() as IsoDate;
}

/** The instant a date begins in a time zone (midnight local time), in UTC. */
export function startOfDay(day: IsoDate, zone: string): IsoInstant {
  return date(day, zone).startOf('day').toUTC().toISO() as IsoInstant;
}

export function addDuration(day: IsoDate, iso: string, zone: string, times = 1): IsoDate {
  const d = duration(iso);
  let result = date(day, zone);
  // Multiply the duration rather than adding repeatedly, so 31 Jan + 2 × P1M is 31 March.
  result = result.plus(Duration.fromObject(scale({ ...d.toObject() }, times)));
  return result.toISODate() as IsoDate;
}

export function subtractDuration(day: IsoDate, iso: string, zone: string): IsoDate {
  return date(day, zone).minus(duration(iso)).toISODate() as IsoDate;
}

export function addDays(day: IsoDate, days: number, zone: string): IsoDate {
  return date(day, zone).plus({ days }).toISODate() as IsoDate;
}

/** ISO dates compare correctly as strings. */
export function isOnOrAfter(a: IsoDate, b: IsoDate): boolean {
  return a >= b;
}

/**
 * The first anniversary of `anchor` strictly after `after`: notice given on an
 * anniversary takes effect at the next one.
 */
export function nextAnniversary(anchor: IsoDate, after: IsoDate, zone: string): IsoDate {
  let years = 1;
  let candidate = addDuration(anchor, 'P1Y', zone, years);
  while (candidate <= after) {
    years += 1;
    candidate = addDuration(anchor, 'P1Y', zone, years);
  }
  return candidate;
}

/**
 * The first date falling on `monthDay` (`MM-DD`) on or after `from`. A 29 February falls
 * on the 28th in common years.
 */
export function nextCalendarDate(monthDay: string, from: IsoDate): IsoDate {
  const [month, day] = monthDay.split('-').map(Number) as [number, number];
  const start = DateTime.fromISO(from, { zone: 'UTC' });
  for (let year = start.year; ; year += 1) {
    const firstOfMonth = DateTime.fromObject({ year, month, day: 1 }, { zone: 'UTC' });
    const candidate = firstOfMonth.set({ day: Math.min(day, firstOfMonth.daysInMonth as number) });
    if (candidate >= start.startOf('day')) return candidate.toISODate() as IsoDate;
  }
}

function scale(units: Record<string, number | undefined>, times: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [unit, value] of Object.entries(units)) {
    if (value !== undefined) out[unit] = value * times;
  }
  return out;
}
