import { DateTime, Duration } from 'luxon';
import { SURVIVES_WITHOUT_LIMIT } from '../machines/definition';

/** The checks of a definition's scalar values: durations, dates and days of the year. */

/** Why `value` is not a positive ISO-8601 duration, or `null` when it is one. */
export function durationProblem(value: string): string | null {
  const parsed = Duration.fromISO(value);
  if (!parsed.isValid) {
    return `"${value}" is not an ISO-8601 duration (expected e.g. P3M, P1Y, P12M)`;
  }
  const amounts = Object.values(parsed.toObject());
  if (amounts.some((amount) => amount < 0) || !amounts.some((amount) => amount > 0)) {
    return `"${value}" must be a positive duration`;
  }
  return null;
}

/** Why `value` is neither a positive ISO-8601 duration nor `unlimited`, or `null` when it is one. */
export function survivalProblem(value: string): string | null {
  if (value === SURVIVES_WITHOUT_LIMIT || durationProblem(value) === null) return null;
  return `"${value}" is neither a positive ISO-8601 duration (e.g. P5Y) nor "${SURVIVES_WITHOUT_LIMIT}"`;
}

/** Why `value` is not a `YYYY-MM-DD` calendar date, or `null` when it is one. */
export function dateProblem(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || !DateTime.fromISO(value, { zone: 'utc' }).isValid) {
    return `"${value}" is not a calendar date (expected YYYY-MM-DD)`;
  }
  return null;
}

/**
 * Why `value` is not a `MM-DD` day of the year, or `null` when it is one. `02-29` is a day of
 * the year: in other years it falls on 28 February.
 */
export function monthDayProblem(value: string): string | null {
  if (!/^\d{2}-\d{2}$/.test(value) || !DateTime.fromISO(`2000-${value}`, { zone: 'utc' }).isValid) {
    return `"${value}" is not a day of the year (expected MM-DD, e.g. 04-30)`;
  }
  return null;
}
