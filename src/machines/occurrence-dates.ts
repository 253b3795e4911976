import { addDays, addDuration, IsoDate, nextCalendarDate } from './calendar';
import type { CommitmentContext, Occurrence } from './commitment.machine';
import { lastDayOf } from './period-end';

/**
 * The dates of a recurring commitment's occurrences: its periods (`every`, counted as
 * `period-end.ts` counts them under rules v3), a day of the year (`dueEachYearOn`,
 * `dueEachYearBefore`), and the due date offset inside a period (`dueAfterPeriod`).
 */

export function occurrenceAt(
  context: CommitmentContext,
  index: number,
  previous: Occurrence | undefined,
): Occurrence {
  const zone = context.timeZone;
  const base = context.startedOn as IsoDate;
  const yearly = context.dueEachYearOn ?? context.dueEachYearBefore;
  if (yearly) {
    const startsOn = previous ? addDays(previous.dueOn, 1, zone) : base;
    // « avant le 30 avril »: strictly before, so the eve of the first 30 April after the start.
    const dueOn = context.dueEachYearOn
      ? nextCalendarDate(yearly, startsOn)
      : addDays(nextCalendarDate(yearly, addDays(startsOn, 1, zone)), -1, zone);
    return { index, startsOn, dueOn, status: 'IN_EFFECT', fulfilments: [] };
  }
  const every = context.every as string;
  let period: Occurrence;
  if (context.periodsV3) {
    const startsOn = index === 1 ? base : addDays(lastDayOf({ from: base }, every, zone, index - 1), 1, zone);
    const dueOn = lastDayOf({ from: base }, every, zone, index);
    period = { index, startsOn, dueOn, status: 'IN_EFFECT', fulfilments: [] };
  } else {
    period = {
      index,
      startsOn: addDuration(base, every, zone, index - 1),
      dueOn: addDays(addDuration(base, every, zone, index), -1, zone),
      status: 'IN_EFFECT',
      fulfilments: [],
    };
  }
  return context.dueAfterPeriod ? dueAfterItsPeriod(period, base, context.dueAfterPeriod, zone) : period;
}

/**
 * `dueAfterPeriod`: the occurrence covering a period is due `offset` after its last day, counted
 * from that day (31 January + P10D: 10 February); it is owed from the day after the previous
 * occurrence was due (11 January), or from the start for the first one, so that one occurrence
 * is open at a time.
 */
function dueAfterItsPeriod(period: Occurrence, base: IsoDate, offset: string, zone: string): Occurrence {
  const { startsOn: periodStartsOn, dueOn: periodEndsOn } = period;
  const previousDue =
    period.index === 1 ? null : lastDayOf({ after: addDays(periodStartsOn, -1, zone) }, offset, zone);
  return {
    ...period,
    startsOn: previousDue ? addDays(previousDue, 1, zone) : base,
    dueOn: lastDayOf({ after: periodEndsOn }, offset, zone),
    periodStartsOn,
    periodEndsOn,
  };
}
