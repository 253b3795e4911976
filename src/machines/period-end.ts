import { DateTime, Duration } from 'luxon';
import { addDays, addDuration, IsoDate, memoised, subtractDuration } from './calendar';

/**
 * The last day of a period, the way French texts count it (rules v3; workflows/README.md,
 * « Boundaries »):
 * - counted from an event E (« dans les quatre mois suivant l'échéance », a notice period, a
 *   survival « après le terme »): the period starts the day after E and ends on the day of the
 *   same number, or on the last day of the month when there is none: 31 December + 4 months is
 *   30 April, 31 January + 1 month is 28 (or 29) February;
 * - counted from its first day F (a term « à compter du 1er janvier », a yearly period): it ends
 *   the day before the next one starts on the day of the same number, or, when the month has no
 *   such day, on that month's last day: 1 January + 12 months ends on 31 December, 31 January + 1
 *   month on 28 (or 29) February, 29 February + 1 year on 28 February.
 * `times` multiplies the period (the `times`-th yearly period of a term).
 */
export type PeriodStart = { after: IsoDate } | { from: IsoDate };

/**
 * « le dernier jour du deuxième mois suivant … » (`dueAtMonthEnd`): the last day of the month of
 * `day` (10 May: 31 May; 28 April: 30 April).
 */
export function lastDayOfMonth(day: IsoDate): IsoDate {
  return DateTime.fromISO(day, { zone: 'UTC' }).endOf('month').toISODate() as IsoDate;
}

export function lastDayOf(start: PeriodStart, period: string, zone: string, times = 1): IsoDate {
  if ('after' in start) return addDuration(start.after, period, zone, times);
  return addDays(nextPeriodStart(start.from, period, zone, times), -1, zone);
}

/**
 * The day the next period starts: F + the months and years of the period, on the day of the
 * same number or, when that month has none, the first of the following month; then its days.
 * Memoised as calendar.ts memoises its arithmetic: every term and period of a convention is
 * counted with it when it takes effect, the same few dates across a store.
 */
const nextPeriodStart = memoised((first: IsoDate, period: string, zone: string, times: number): IsoDate => {
  const { years = 0, months = 0, ...rest } = Duration.fromISO(period).toObject();
  const start = DateTime.fromISO(first, { zone });
  let next = start.plus({ years: years * times, months: months * times });
  if (next.day !== start.day) next = next.plus({ days: 1 });
  const days = Object.entries(rest).filter(([, value]) => value !== undefined && value !== 0);
  const scaled = Object.fromEntries(days.map(([unit, value]) => [unit, (value as number) * times]));
  return (days.length ? next.plus(scaled) : next).toISODate() as IsoDate;
});

/**
 * The last day an event may fall so that a period counted from it ends by `lastDay`
 * (the last day to give notice of `period` so that it ends with a term ending on `lastDay`):
 * a term ending on 30 June leaves until 31 March for three months' notice, since 31 March +
 * 3 months is 30 June.
 */
export function latestEventEndingBy(lastDay: IsoDate, period: string, zone: string): IsoDate {
  let latest = subtractDuration(lastDay, period, zone);
  // Subtracting clamps at month ends (30 June − 3 months is 30 March): later days may still fit.
  for (let next = addDays(latest, 1, zone); lastDayOf({ after: next }, period, zone) <= lastDay;) {
    latest = next;
    next = addDays(next, 1, zone);
  }
  return latest;
}

/**
 * The last day a commitment survives: « pendant cinq ans après le terme » counts from the last
 * day in force (v3); v1 counted from the first day after it, minus a day (a day early after a
 * month-end clamp).
 */
export function survivalEnd(
  survives: string,
  on: IsoDate,
  lastDay: IsoDate | undefined,
  zone: string,
): IsoDate {
  if (lastDay) return lastDayOf({ after: lastDay }, survives, zone);
  return addDays(addDuration(on, survives, zone), -1, zone);
}
