import { Duration } from 'luxon';
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

/**
 * `dueAtMonthEnd: true` (« le dernier jour du deuxième mois suivant »): on a one-off with `due`
 * or a recurring commitment with `dueAfterPeriod`, whose duration counts whole months or years
 * (the month it reaches is then what the text names).
 */
export function checkDueAtMonthEnd(
  commitment: DefinitionFile['commitments'][number],
  at: Path,
  report: Report,
): void {
  if (commitment.dueAtMonthEnd === undefined) return;
  const where: Path = [...at, 'dueAtMonthEnd'];
  const duration = commitment.shape === 'one-off' ? commitment.due : commitment.dueAfterPeriod;
  if (duration === undefined) {
    report(
      where,
      '"dueAtMonthEnd" needs a one-off commitment with "due" or a recurring commitment with "dueAfterPeriod" (the duration whose month it ends)',
    );
    return;
  }
  const { years = 0, months = 0, ...rest } = Duration.fromISO(duration).toObject();
  if (years + months === 0 || Object.values(rest).some((value) => value !== 0)) {
    report(where, `"dueAtMonthEnd" needs a duration in whole months or years (got ${duration})`);
  }
}
