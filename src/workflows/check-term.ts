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
