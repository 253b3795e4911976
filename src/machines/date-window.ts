import { DateTime } from 'luxon';

/**
 * The dates Conventio accepts from its users. The lower bound is where the calendar's offset
 * table starts (`calendar.ts`); both bounds keep a convention's catch-up to a few decades of
 * deadlines, however early its effective date.
 */
export const FIRST_DAY = '1980-01-01';
export const LAST_DAY = '2100-12-31';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A real calendar date (2011-02-30 is not), written YYYY-MM-DD, inside the window. */
export function isDayInWindow(value: string): boolean {
  return DAY.test(value) && DateTime.fromISO(value).isValid && value >= FIRST_DAY && value <= LAST_DAY;
}

/** An ISO-8601 instant whose UTC date is inside the window. */
export function isInstantInWindow(value: string): boolean {
  const instant = DateTime.fromISO(value, { setZone: true });
  if (!instant.isValid) return false;
  const day = instant.toUTC().toISODate();
  return day !== null && day >= FIRST_DAY && day <= LAST_DAY;
}
