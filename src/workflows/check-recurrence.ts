import type { DefinitionFile, Path, Report } from './definition.schema';

/** A recurring commitment recurs one way: `every`, `dueEachYearOn` or `dueEachYearBefore`. */
export function checkRecurrence(
  commitment: DefinitionFile['commitments'][number],
  at: Path,
  report: Report,
): void {
  const ways = (['every', 'dueEachYearOn', 'dueEachYearBefore'] as const).filter(
    (field) => commitment[field] !== undefined,
  );
  if (ways.length === 0) {
    report(
      [...at, 'every'],
      'a recurring commitment needs "every" (the period of one occurrence, e.g. P1Y) or "dueEachYearOn" (a day of the year, e.g. 04-30)',
    );
  }
  const yearly = ways.find((field) => field !== 'every');
  for (const other of ways.filter((field) => field !== ways[0])) {
    report(
      [...at, other],
      `"${other}" and "${ways[0]}" exclude each other: a commitment due each year on a given day recurs yearly`,
    );
  }
  if (yearly !== undefined && commitment.committee !== undefined) {
    report(
      [...at, yearly],
      `"${yearly}" and "committee" exclude each other: a committee commitment follows the committee cadence`,
    );
  }
}
