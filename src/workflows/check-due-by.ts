import type { DefinitionFile, Path, Report } from './definition.schema';

/**
 * `dueBy` (« au plus tard le 31 décembre 2025 »): a one-off commitment due on that date, the
 * day included. It is the due date itself, so it excludes `due` (and so `dueFrom`); it cannot
 * fall before the signature, nor after the last day of a term `until` a date (the convention
 * would end first and the commitment could never be missed).
 */
export function checkDueBy(
  commitment: DefinitionFile['commitments'][number],
  at: Path,
  definition: Pick<DefinitionFile, 'term' | 'source'>,
  report: Report,
): void {
  const { dueBy, shape } = commitment;
  if (dueBy === undefined) return;
  const where: Path = [...at, 'dueBy'];
  if (shape !== 'one-off') {
    report(where, `"dueBy" is only allowed on a one-off commitment (this one is ${shape})`);
    return;
  }
  if (commitment.due !== undefined) {
    report(
      where,
      '"dueBy" and "due" exclude each other: a commitment is due on a date, or a duration after the start or the end',
    );
  }
  const { signedOn } = definition.source;
  if (signedOn !== undefined && dueBy < signedOn) {
    report(
      where,
      `the commitment cannot be due before the convention is signed (dueBy ${dueBy}, source.signedOn ${signedOn})`,
    );
  }
  const { term } = definition;
  if (term.kind === 'until' && dueBy > term.endsOn) {
    report(
      where,
      `the commitment cannot be due after the convention ends (dueBy ${dueBy}, term.endsOn ${term.endsOn})`,
    );
  }
}
