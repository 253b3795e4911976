import type { DefinitionFile, Path, Report } from './definition.schema';

/**
 * `onlyIfEndedBy` (« en cas de résiliation pour inexécution, le bénéficiaire reversera… »): a
 * commitment due after the convention ends (`dueFrom: end`) that arises only when it ends by one
 * of the causes listed. It says how the convention must end, so it needs a commitment that
 * starts at the end; an empty list would never let it arise, and a cause listed twice says
 * nothing more.
 */
export function checkOnlyIfEndedBy(
  commitment: DefinitionFile['commitments'][number],
  at: Path,
  report: Report,
): void {
  const causes = commitment.onlyIfEndedBy;
  if (causes === undefined) return;
  const where: Path = [...at, 'onlyIfEndedBy'];
  if (commitment.shape !== 'one-off' || commitment.dueFrom !== 'end') {
    report(
      where,
      '"onlyIfEndedBy" needs a one-off commitment with "dueFrom: end" (it arises when the convention ends, and only then)',
    );
  }
  if (causes.length === 0) {
    report(where, 'must list at least one way the convention ends (the commitment would never arise)');
  }
  const twice = causes.filter((cause, index) => causes.indexOf(cause) !== index);
  if (twice.length > 0) report(where, `"${twice[0]}" is listed twice`);
}
