import { addDays, addDuration, IsoDate, nextCalendarDate } from './calendar';
import type { CommitmentContext, CommitmentEvent, Occurrence, OccurrenceStatus } from './commitment.machine';
import { termsDueOn, withLateDue } from './late-start';
import { lastDayOf, lastDayOfMonth } from './period-end';

/**
 * The dates of a recurring commitment's occurrences: its periods (`every`, counted as
 * `period-end.ts` counts them under rules v3), a day of the year (`dueEachYearOn`,
 * `dueEachYearBefore`), the due date offset inside a period (`dueAfterPeriod`), and the due date
 * of what fell due before the signature of a convention in force before it (rules v4, `late`);
 * and which occurrence is open.
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
    // A late occurrence (rules v4) is due later than its terms said; the next one starts from its terms.
    const startsOn = previous ? addDays(termsDueOn(previous), 1, zone) : base;
    // « avant le 30 avril »: strictly before, so the eve of the first 30 April after the start.
    const dueOn = context.dueEachYearOn
      ? nextCalendarDate(yearly, startsOn)
      : addDays(nextCalendarDate(yearly, addDays(startsOn, 1, zone)), -1, zone);
    return withLateDue(context, { index, startsOn, dueOn, status: 'IN_EFFECT', fulfilments: [] });
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
  // Rules v4: what falls due before the grace after the signature ends is due then, late.
  return withLateDue(
    context,
    context.dueAfterPeriod ? dueAfterItsPeriod(period, base, context, zone) : period,
  );
}

/**
 * `dueAfterPeriod`: the occurrence covering a period is due `offset` after its last day, counted
 * from that day (31 January + P10D: 10 February); it is owed from the day after the previous
 * occurrence was due (11 January), or from the start for the first one, so that one occurrence
 * is open at a time.
 */
function dueAfterItsPeriod(
  period: Occurrence,
  base: IsoDate,
  { dueAfterPeriod, dueAtMonthEnd }: Pick<CommitmentContext, 'dueAfterPeriod' | 'dueAtMonthEnd'>,
  zone: string,
): Occurrence {
  const { startsOn: periodStartsOn, dueOn: periodEndsOn } = period;
  const offset = dueAfterPeriod as string;
  // `dueAtMonthEnd`: « le dernier jour du deuxième mois suivant »: the month the offset reaches.
  const dueAfter = (lastDay: IsoDate) => {
    const due = lastDayOf({ after: lastDay }, offset, zone);
    return dueAtMonthEnd ? lastDayOfMonth(due) : due;
  };
  const previousDue = period.index === 1 ? null : dueAfter(addDays(periodStartsOn, -1, zone));
  return {
    ...period,
    startsOn: previousDue ? addDays(previousDue, 1, zone) : base,
    dueOn: dueAfter(periodEndsOn),
    periodStartsOn,
    periodEndsOn,
  };
}

export function currentOccurrence(context: CommitmentContext): Occurrence | undefined {
  const last = context.occurrences[context.occurrences.length - 1];
  return last?.status === 'IN_EFFECT' ? last : undefined;
}

/**
 * The occurrence a committee meeting held now counts for: the open one, or one already
 * fulfilled (« au moins deux fois par an » sets no maximum: a further meeting is still recorded).
 */
export function meetingOccurrence(context: CommitmentContext): Occurrence | undefined {
  const last = context.occurrences[context.occurrences.length - 1];
  return last?.status === 'IN_EFFECT' || last?.status === 'FULFILLED' ? last : undefined;
}

/**
 * `dueAfterPeriod`: the convention ends (its last day in force `lastDay`) after the period of
 * the open occurrence, which is still owed until its due date (« le relevé du mois de décembre
 * au plus tard le 10 janvier »); an occurrence whose period was not over ends with it.
 */
export function lastPeriodStillOwed(context: CommitmentContext, event: CommitmentEvent): boolean {
  if (event.type !== 'TERMINATE' || !context.dueAfterPeriod) return false;
  const open = currentOccurrence(context);
  const lastDay = event.lastDay ?? addDays(event.on, -1, context.timeZone);
  return open?.periodEndsOn !== undefined && open.periodEndsOn <= lastDay;
}

export function closeOpenOccurrence(context: CommitmentContext, status: OccurrenceStatus): Occurrence[] {
  const last = context.occurrences[context.occurrences.length - 1];
  if (!last || last.status !== 'IN_EFFECT') return context.occurrences;
  return [...context.occurrences.slice(0, -1), { ...last, status }];
}
