import { Duration } from 'luxon';
import { FIRST_DAY, LAST_DAY } from '../machines/date-window';
import type { DefinitionFile, Path, Report } from './definition.schema';

/** The term's clauses that need more than one field: the completion condition, the start date. */

const quoted = (values: readonly string[]): string =>
  values.length === 0 ? '(none)' : values.map((value) => `"${value}"`).join(', ');

/** Each id names a declared commitment that can be fulfilled once and for all, listed once. */
export function checkEndsWhenFulfilled(
  ids: readonly string[],
  commitments: DefinitionFile['commitments'],
  report: Report,
): void {
  const listed = new Set<string>();
  ids.forEach((commitmentId, index) => {
    const at: Path = ['term', 'endsWhenFulfilled', index];
    const commitment = commitments.find((candidate) => candidate.id === commitmentId);
    if (commitment === undefined) {
      const declared = commitments.map((candidate) => candidate.id);
      report(at, `unknown commitment "${commitmentId}" (declared commitments: ${quoted(declared)})`);
    } else if (commitment.shape === 'recurring') {
      report(
        at,
        `commitment "${commitmentId}" is recurring: it is never fulfilled once and for all, so it cannot end the convention`,
      );
    } else if (listed.has(commitmentId)) {
      report(at, `commitment "${commitmentId}" is listed twice`);
    }
    listed.add(commitmentId);
  });
}

/** A start date within the engine's calendar, and before the hard end of a term `until` a date. */
export function checkStartsOn(term: DefinitionFile['term'], report: Report): void {
  const { startsOn } = term;
  if (startsOn === undefined) return;
  if (startsOn < FIRST_DAY || startsOn > LAST_DAY) {
    report(
      ['term', 'startsOn'],
      `"${startsOn}" is outside the calendar the engine keeps (${FIRST_DAY} to ${LAST_DAY})`,
    );
  }
  if (term.kind === 'until' && term.endsOn < startsOn) {
    report(
      ['term', 'endsOn'],
      `the convention cannot end before it starts (endsOn ${term.endsOn}, startsOn ${startsOn})`,
    );
  }
}

/** A renewal needs a fixed term; notice at the anniversary needs a term that ends, and a window of at most a year. */
export function checkRenewalAndNotice(
  { term, renewal, notice }: Pick<DefinitionFile, 'term' | 'renewal' | 'notice'>,
  report: Report,
): void {
  if (renewal.kind !== 'none' && term.kind !== 'fixed') {
    report(
      ['renewal', 'kind'],
      `a ${renewal.kind} renewal needs a fixed term (term.kind is ${term.kind}): use kind "none"`,
    );
  }
  if (notice.kind === 'anniversary' && term.kind === 'open-ended') {
    report(
      ['notice', 'kind'],
      `notice at the anniversary needs a term that ends: kind "fixed" or "until" (term.kind is ${term.kind})`,
    );
  }
  if (notice.kind === 'anniversary' && notice.window !== undefined && longerThanAYear(notice.window)) {
    report(
      ['notice', 'window'],
      `"${notice.window}" is longer than a year: the window precedes each anniversary, so it is at most P1Y`,
    );
  }
}

const ONE_YEAR = Duration.fromObject({ years: 1 });

function longerThanAYear(value: string): boolean {
  return Duration.fromISO(value).toMillis() > ONE_YEAR.toMillis();
}
