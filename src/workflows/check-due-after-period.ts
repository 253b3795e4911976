import { dueAfterPeriodProblem } from '../machines/due-after-period';
import type { DefinitionFile, Path, Report } from './definition.schema';

/**
 * `dueAfterPeriod` (« chaque mois, le relevé du mois précédent au plus tard le 10 »: `every:
 * P1M`, `dueAfterPeriod: P10D`): only on a recurring commitment with `every` (so neither with
 * `dueEachYearOn` nor `dueEachYearBefore`), not with `committee`, and shorter than the period.
 */
export function checkDueAfterPeriod(
  commitment: DefinitionFile['commitments'][number],
  at: Path,
  report: Report,
): void {
  const problem = dueAfterPeriodProblem(commitment);
  if (problem !== null) report([...at, 'dueAfterPeriod'], problem);
}
