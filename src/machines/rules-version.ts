/**
 * Rules versions. A convention runs, for its whole life, under the rules version it was
 * created with (the version of its CONVENTION_CREATED event): an institution's running
 * convention must not change meaning under it, and a stored history must always replay to
 * what was decided when it was recorded. A fix that changes an outcome therefore comes as a
 * new version, and the old rules stay for the conventions created under them. The versions
 * and their changes are listed in workflows/README.md (« Rules versions »).
 *
 * - 1: the rules before versions existed.
 * - 2: boundaries (a force-majeure suspension ends the day after its last allowed day, as a
 *   cure period does); a surviving commitment keeps its survival once confirmed; an amended
 *   deliverable named in `term.endsWhenFulfilled` still completes the convention; a party a
 *   standing duty is owed to may report its breach (BREACH_REPORTED), then serve formal notice;
 *   a committee meeting is one per (committee, day), whoever records it, and fulfils only once
 *   its attendance reaches the committee's `quorum`.
 * - 3: periods counted as French texts count them (`period-end.ts`): a commitment due « dans
 *   les N mois suivant l'échéance » counts from the convention's last day; a period from a first
 *   day ends on the month's last day when the month has no day of the same number; a notice
 *   period ends on its last day and the convention the day after, and the last day to give it
 *   is the one whose period ends with the term.
 *   A tacit renewal with no notice clause renews at each term's end (v1, v2: it expired), and a
 *   meeting's confirmations carry, for each attending party, the user who recorded it for that
 *   party (v1, v2: the recording user on every party's confirmation).
 * - 4: a convention in force before its signature (its effective date before the day of its last
 *   signature) does not miss at signature what fell due before it: an occurrence or a one-off due
 *   before the signature's day plus the grace (`term.graceAfterSignature`, P1M by default) is
 *   due on the grace's last day, flagged late, and a late occurrence recorded opens the next at
 *   once (`late-start.ts`; v1 to v3: VIOLATED in the catch-up at signature).
 */
export const RULES_VERSIONS = [1, 2, 3, 4] as const;
export type RulesVersion = (typeof RULES_VERSIONS)[number];

/** The current version: new conventions are created under it; a verifier accepts 1 to it. */
export const MACHINE_VERSION = 4 satisfies RulesVersion;

/** The version of conventions stored before versions were recorded in their snapshot. */
export const FIRST_RULES_VERSION: RulesVersion = 1;

export function isRulesVersion(value: unknown): value is RulesVersion {
  return (RULES_VERSIONS as readonly unknown[]).includes(value);
}

/** The rules a convention's machine is built with, as guards and actions ask them. */
export interface Rules {
  readonly version: RulesVersion;
  /** Whether the change introduced by `version` applies: `rules.since(2)`. */
  since(version: RulesVersion): boolean;
}

export function rulesOf(version: RulesVersion): Rules {
  return { version, since: (from) => version >= from };
}

/** The rules version a stored event was recorded under (what a stream's first event fixes). */
export function rulesVersionFrom(row: { machineVersion: number }): RulesVersion {
  if (!isRulesVersion(row.machineVersion) || row.machineVersion > MACHINE_VERSION) {
    throw new Error(
      `recorded under machine version ${row.machineVersion}, this build runs 1 to ${MACHINE_VERSION}`,
    );
  }
  return row.machineVersion;
}
