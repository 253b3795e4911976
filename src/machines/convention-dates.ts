import { addDays, addDuration, IsoDate, nextAnniversary, subtractDuration } from './calendar';
import { Termination } from './convention.context';
import { ConventionRules } from './definition';
import { latestEventEndingBy, lastDayOf } from './period-end';
import { RulesVersion } from './rules-version';

/**
 * Dates computed from a definition's rules, never typed in by hand. A term's `endsOn` is its
 * last day; the next term (or the expiry) begins the day after. `version` is the convention's
 * rules version: from 3, periods end as `period-end.ts` counts them; before, a period from F
 * ended on F + length − 1 day (a day early after a month-end clamp) and a notice period ended
 * the convention on its last day instead of the day after.
 */

export interface Term {
  number: number;
  startsOn: IsoDate;
  endsOn: IsoDate | null;
}

export interface EvaluationWindow {
  opensOn: IsoDate;
  dueOn: IsoDate | null;
}

export function firstTerm(definition: ConventionRules, startsOn: IsoDate, version: RulesVersion): Term {
  if (definition.term.kind === 'until') return { number: 1, startsOn, endsOn: definition.term.endsOn };
  const length = definition.term.kind === 'fixed' ? definition.term.duration : null;
  return termFrom(definition, 1, startsOn, length, version);
}

/** The same term under changed rules (an amendment changing the term's length or end). */
export function recomputedTerm(definition: ConventionRules, term: Term, version: RulesVersion): Term {
  if (term.number === 1) return firstTerm(definition, term.startsOn, version);
  const renewal = definition.renewal;
  const length = renewal.kind === 'none' ? null : renewal.term;
  return termFrom(definition, term.number, term.startsOn, length, version);
}

export function nextTerm(definition: ConventionRules, current: Term, version: RulesVersion): Term {
  const renewal = definition.renewal;
  const length = renewal.kind === 'none' ? null : renewal.term;
  const startsOn = dayAfter(definition, current.endsOn as IsoDate);
  return termFrom(definition, current.number + 1, startsOn, length, version);
}

function termFrom(
  definition: ConventionRules,
  number: number,
  startsOn: IsoDate,
  length: string | null,
  version: RulesVersion,
): Term {
  const endsOn = length ? lastDayFrom(startsOn, length, definition.timeZone, version) : null;
  return { number, startsOn, endsOn };
}

/** The last day of a period that starts on `first` (a term, an evaluation period). */
export function lastDayFrom(
  first: IsoDate,
  length: string,
  zone: string,
  version: RulesVersion,
  times = 1,
): IsoDate {
  if (version >= 3) return lastDayOf({ from: first }, length, zone, times);
  return addDays(addDuration(first, length, zone, times), -1, zone);
}

export function dayAfter(definition: ConventionRules, day: IsoDate): IsoDate {
  return addDays(day, 1, definition.timeZone);
}

/**
 * The last day a party can give notice so that the convention is not tacitly renewed:
 * the renewal date minus the notice period (or the eve of the anniversary when notice
 * takes effect at anniversaries). Null when the convention does not renew tacitly.
 */
export function noticeDeadline(
  definition: ConventionRules,
  term: Term,
  version: RulesVersion,
): IsoDate | null {
  if (definition.renewal.kind !== 'tacit' || term.endsOn === null) return null;
  const renewsOn = dayAfter(definition, term.endsOn);
  switch (definition.notice.kind) {
    case 'period':
      // v3: the notice period must end by the term's last day (v1: a day late, the renewal date).
      return version >= 3
        ? latestEventEndingBy(term.endsOn, definition.notice.period, definition.timeZone)
        : subtractDuration(renewsOn, definition.notice.period, definition.timeZone);
    case 'anniversary':
      return term.endsOn;
    case 'none':
      return null;
  }
}

/**
 * The last day before a tacit renewal is decided: the notice deadline; under rules v3, with no
 * notice clause, the term's last day (no party can give notice, so nothing stops the renewal,
 * decided on the renewal date before the term ends). Null when the convention does not renew
 * tacitly, and under v1 and v2 without a notice clause (those conventions expired instead).
 */
export function renewalDecidedAfter(
  definition: ConventionRules,
  term: Term,
  version: RulesVersion,
): IsoDate | null {
  const deadline = noticeDeadline(definition, term, version);
  if (deadline !== null || version < 3 || definition.renewal.kind !== 'tacit') return deadline;
  return definition.notice.kind === 'none' ? term.endsOn : null;
}

/**
 * When a notice given on `givenOn` ends the convention: after the notice period (a minimum:
 * it may run into a renewed term), or at the next anniversary of the date it took effect,
 * capped at the current term's expiry. Null when the definition gives no way to end it early,
 * or when `givenOn` is outside the window in which notice may be given.
 */
export function terminationEffectiveOn(
  definition: ConventionRules,
  effectiveOn: IsoDate,
  term: Term,
  givenOn: IsoDate,
  version: RulesVersion,
): IsoDate | null {
  const zone = definition.timeZone;
  switch (definition.notice.kind) {
    case 'period':
      // v3: in force until the period's last day included, ended the day after (v1: a day early).
      return version >= 3
        ? dayAfter(definition, lastDayOf({ after: givenOn }, definition.notice.period, zone))
        : addDuration(givenOn, definition.notice.period, zone);
    case 'anniversary': {
      const anniversary = nextAnniversary(effectiveOn, givenOn, zone);
      if (
        definition.notice.window &&
        subtractDuration(anniversary, definition.notice.window, zone) > givenOn
      ) {
        return null;
      }
      const expiry = term.endsOn === null ? null : dayAfter(definition, term.endsOn);
      return expiry !== null && anniversary > expiry ? expiry : anniversary;
    }
    case 'none':
      return null;
  }
}

/**
 * The `index`-th evaluation window of a term (1-based), or null when the term has no such
 * window: with cadence `term` one window spans the term; otherwise windows follow the
 * cadence from the term's start and the last one is cut at the term's end.
 */
export function evaluationWindow(
  definition: ConventionRules,
  term: Term,
  index: number,
  version: RulesVersion,
): EvaluationWindow | null {
  const evaluation = definition.evaluation;
  if (!evaluation) return null;
  const zone = definition.timeZone;
  if (evaluation.cadence === 'term') {
    return index === 1 ? { opensOn: term.startsOn, dueOn: term.endsOn } : null;
  }
  const opensOn =
    version >= 3 && index > 1
      ? dayAfter(definition, lastDayFrom(term.startsOn, evaluation.cadence, zone, version, index - 1))
      : addDuration(term.startsOn, evaluation.cadence, zone, index - 1);
  if (term.endsOn !== null && opensOn > term.endsOn) return null;
  const periodEnd = lastDayFrom(term.startsOn, evaluation.cadence, zone, version, index);
  const dueOn = term.endsOn !== null && periodEnd > term.endsOn ? term.endsOn : periodEnd;
  return { opensOn, dueOn };
}

/**
 * The convention's last day in force, « l'échéance » from which a period after its end counts
 * (rules v3): the eve of `termination.on` when the convention ended at the start of that day (its
 * term, a notice, a cure period or a suspension ran out the day before), the day itself when a
 * party's act ended it during that day (the last deliverable delivered, the final evaluation).
 */
export function lastDayInForce(definition: ConventionRules, termination: Termination): IsoDate {
  const duringTheDay = termination.cause === 'COMPLETION' || termination.cause === 'EVALUATION';
  return duringTheDay ? termination.on : addDays(termination.on, -1, definition.timeZone);
}
