import { addDays, addDuration, IsoDate, nextAnniversary, subtractDuration } from './calendar';
import { ConventionRules } from './definition';

/**
 * Dates computed from a definition's rules, never typed in by hand. A term's `endsOn` is its
 * last day; the next term (or the expiry) begins the day after.
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

export function firstTerm(definition: ConventionRules, startsOn: IsoDate): Term {
  if (definition.term.kind === 'until') return { number: 1, startsOn, endsOn: definition.term.endsOn };
  return termFrom(
    definition,
    1,
    startsOn,
    definition.term.kind === 'fixed' ? definition.term.duration : null,
  );
}

/** The same term under changed rules (an amendment changing the term's length or end). */
export function recomputedTerm(definition: ConventionRules, term: Term): Term {
  if (term.number === 1) return firstTerm(definition, term.startsOn);
  const renewal = definition.renewal;
  return termFrom(definition, term.number, term.startsOn, renewal.kind === 'none' ? null : renewal.term);
}

export function nextTerm(definition: ConventionRules, current: Term): Term {
  const renewal = definition.renewal;
  const length = renewal.kind === 'none' ? null : renewal.term;
  return termFrom(definition, current.number + 1, dayAfter(definition, current.endsOn as IsoDate), length);
}

function termFrom(
  definition: ConventionRules,
  number: number,
  startsOn: IsoDate,
  length: string | null,
): Term {
  const endsOn = length
    ? addDays(addDuration(startsOn, length, definition.timeZone), -1, definition.timeZone)
    : null;
  return { number, startsOn, endsOn };
}

export function dayAfter(definition: ConventionRules, day: IsoDate): IsoDate {
  return addDays(day, 1, definition.timeZone);
}

/**
 * The last day a party can give notice so that the convention is not tacitly renewed:
 * the renewal date minus the notice period (or the eve of the anniversary when notice
 * takes effect at anniversaries). Null when the convention does not renew tacitly.
 */
export function noticeDeadline(definition: ConventionRules, term: Term): IsoDate | null {
  if (definition.renewal.kind !== 'tacit' || term.endsOn === null) return null;
  const renewsOn = dayAfter(definition, term.endsOn);
  switch (definition.notice.kind) {
    case 'period':
      return subtractDuration(renewsOn, definition.notice.period, definition.timeZone);
    case 'anniversary':
      return term.endsOn;
    case 'none':
      return null;
  }
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
): IsoDate | null {
  const zone = definition.timeZone;
  switch (definition.notice.kind) {
    case 'period':
      return addDuration(givenOn, definition.notice.period, zone);
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
): EvaluationWindow | null {
  const evaluation = definition.evaluation;
  if (!evaluation) return null;
  const zone = definition.timeZone;
  if (evaluation.cadence === 'term') {
    return index === 1 ? { opensOn: term.startsOn, dueOn: term.endsOn } : null;
  }
  const opensOn = addDuration(term.startsOn, evaluation.cadence, zone, index - 1);
  if (term.endsOn !== null && opensOn > term.endsOn) return null;
  const periodEnd = addDays(addDuration(term.startsOn, evaluation.cadence, zone, index), -1, zone);
  const dueOn = term.endsOn !== null && periodEnd > term.endsOn ? term.endsOn : periodEnd;
  return { opensOn, dueOn };
}
