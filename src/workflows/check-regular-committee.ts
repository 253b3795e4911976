import { meetsRegularly } from '../machines/definition';
import type { DefinitionFile, Path, Report } from './definition.schema';

/**
 * A committee that meets « régulièrement » (`cadence: regularly`) has no period: no number of
 * meetings per period (`atLeast`), and no commitment its meetings would fulfil.
 */
export function checkRegularCommittee(
  committee: DefinitionFile['committees'][number],
  index: number,
  report: Report,
): void {
  if (meetsRegularly(committee) && committee.atLeast !== undefined) {
    report(
      ['committees', index, 'atLeast'],
      `"atLeast" needs a cadence: committee "${committee.id}" meets regularly, with no period to count meetings in`,
    );
  }
}

/** `committee` on a commitment names a committee with a cadence, whose periods it follows. */
export function checkCommitteeHasCadence(
  committee: DefinitionFile['committees'][number],
  at: Path,
  report: Report,
): boolean {
  if (!meetsRegularly(committee)) return true;
  report(
    [...at, 'committee'],
    `committee "${committee.id}" meets regularly, with no cadence: its meetings are recorded as evidence and fulfil no commitment`,
  );
  return false;
}
