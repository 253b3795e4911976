import { DateTime } from 'luxon';
import { addDays, isValidDuration } from './calendar';
import { lastDayOf } from './period-end';

/**
 * `dueAfterPeriod` (« chaque mois, le relevé du mois précédent au plus tard le 10 »): shared by
 * the definition check (`src/workflows/check-due-after-period.ts`) and amendments.
 */
interface WithDueAfterPeriod {
  shape: string;
  every?: string;
  committee?: string;
  dueAfterPeriod?: string;
}

/** First days of the months of four years (a leap year among them): every length a period can take. */
const REFERENCE_STARTS: string[] = Array.from({ length: 48 }, (_, i) =>
  DateTime.fromObject(
    { year: 2023 + Math.floor(i / 12), month: (i % 12) + 1, day: 1 },
    { zone: 'utc' },
  ).toISODate(),
) as string[];

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/**
 * The offset is shorter than every period `every` can make, wherever it starts (P27D is shorter
 * than a month, P28D is not: February has 28 days): each occurrence is due before the next
 * period ends, so that the one open occurrence follows the periods.
 */
export function offsetShorterThanPeriod(offset: string, every: string): boolean {
  return REFERENCE_STARTS.every((first) => {
    const periodEnd = lastDayOf({ from: first }, every, 'utc');
    const nextPeriodEnd = lastDayOf({ from: addDays(periodEnd, 1, 'utc') }, every, 'utc');
    const dueOn = lastDayOf({ after: periodEnd }, offset, 'utc');
    return daysBetween(periodEnd, dueOn) < daysBetween(periodEnd, nextPeriodEnd);
  });
}

/** Why `dueAfterPeriod` cannot apply to this commitment (the field name first), or null. */
export function dueAfterPeriodProblem(commitment: WithDueAfterPeriod): string | null {
  const { dueAfterPeriod: offset, every } = commitment;
  if (offset === undefined) return null;
  if (!isValidDuration(offset)) return `"dueAfterPeriod" "${offset}" is not a positive ISO-8601 duration`;
  if (commitment.shape !== 'recurring' || every === undefined) {
    return '"dueAfterPeriod" is only allowed on a recurring commitment with "every" (the period it follows)';
  }
  if (commitment.committee !== undefined) {
    return '"dueAfterPeriod" and "committee" exclude each other: a committee meets within its periods';
  }
  if (isValidDuration(every) && !offsetShorterThanPeriod(offset, every)) {
    return `"dueAfterPeriod" (${offset}) must be shorter than the period (every ${every}): an occurrence would be due after the next period ends`;
  }
  return null;
}
