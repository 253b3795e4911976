import fc from 'fast-check';
import { ConventionDefinition } from '../../../src/machines/definition';

/**
 * What a property run does to one convention: commands by any actor (its parties, a party
 * that is not in it, the admin, an auditor) and moves of the manual clock. Choices that
 * depend on the convention as it stands (which commitment, which pending deadline) are
 * indices, resolved at the moment the step runs, so that a shrunk sequence still means
 * something.
 */
export type Step =
  | { kind: 'sign'; who: number; signatory: number | null }
  | { kind: 'markDone'; who: number; commitment: number }
  | { kind: 'reopen'; who: number; commitment: number }
  | { kind: 'formalNotice'; who: number; commitment: number }
  | { kind: 'reportBreach'; who: number; commitment: number }
  | { kind: 'evaluate'; who: number; rating: 'MET' | 'NOT_MET' }
  | { kind: 'notice'; who: number }
  | {
      kind: 'amend';
      who: number;
      change: AmendmentChange;
      commitment: number;
      effectiveInDays: number | null;
    }
  | { kind: 'proposeRenewal'; who: number }
  | { kind: 'signAmendment'; who: number; signatory: number | null }
  /** Every evaluating party submits its assessment, all criteria met (expanded into `evaluate` steps). */
  | { kind: 'everyoneEvaluates' }
  /** Every signatory signs the pending amendment, party by party (expanded into `signAmendment` steps). */
  | { kind: 'everyoneSignsAmendment' }
  | { kind: 'withdrawAmendment'; who: number }
  | { kind: 'meeting'; who: number; committee: number; attending: number; daysAgo: number }
  | { kind: 'suspend'; who: number }
  | { kind: 'resume'; who: number }
  /** The clock moves forward by `minutes`. */
  | { kind: 'wait'; minutes: number }
  /** The clock lands on the `index`-th pending deadline's instant, `offsetMs` off it. */
  | { kind: 'toDeadline'; index: number; offsetMs: -1 | 0 | 1 };

export type AmendmentChange = 'waive' | 'term' | 'add' | 'due';

/** One generated run: when it starts, the agreed effective date, whether every signatory signs first, the steps. */
export interface RunCase {
  /** Days after the definition's signing date that the convention is created. */
  startAfterDays: number;
  /** The effective date agreed in the text, in days from creation; null: from the last signature. */
  effectiveInDays: number | null;
  signFirst: boolean;
  /**
   * The options chosen at creation, drawn only for a definition that has some (none, some or
   * all of them); absent for the others, whose cases stay as they were.
   */
  options?: string[];
  steps: Step[];
}

/** Every signatory signs, party by party, as its own party: `sign` or `signAmendment` steps. */
export function everySignatory(definition: ConventionDefinition, kind: 'sign' | 'signAmendment'): Step[] {
  let n = 0;
  return definition.parties.flatMap((party, who) =>
    party.signatories.map(() => ({ kind, who, signatory: n++ })),
  );
}

/** The steps as they run: `everyoneSignsAmendment` becomes one signature per signatory. */
export function expandSteps(definition: ConventionDefinition, runCase: RunCase): Step[] {
  const steps = [...(runCase.signFirst ? everySignatory(definition, 'sign') : []), ...runCase.steps];
  const evaluating = definition.evaluation?.parties ?? [];
  return steps.flatMap((step): Step[] => {
    if (step.kind === 'everyoneSignsAmendment') return everySignatory(definition, 'signAmendment');
    if (step.kind !== 'everyoneEvaluates') return [step];
    return evaluating.map((id) => ({
      kind: 'evaluate',
      who: definition.parties.findIndex((p) => p.id === id),
      rating: 'MET',
    }));
  });
}

/** Extra actors beside each party's representative: another institution, the admin, an auditor. */
export const OTHER_ACTORS = ['outsider', 'admin', 'auditor'] as const;

const MINUTE = 1;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** From minutes to years; a day or a month most often, where deadlines are. */
const waitMinutes = fc.oneof(
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 59 }) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 23 }).map((h) => h * HOUR) },
  { weight: 4, arbitrary: fc.integer({ min: 1, max: 40 }).map((d) => d * DAY) },
  { weight: 3, arbitrary: fc.integer({ min: 1, max: 8 }).map((m) => m * 30 * DAY) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 3 }).map((y) => y * 365 * DAY + 7 * HOUR) },
);

/** The steps of a definition: actors index its parties, then OTHER_ACTORS. */
export function stepArbitrary(definition: ConventionDefinition): fc.Arbitrary<Step> {
  const who = fc.nat({ max: definition.parties.length + OTHER_ACTORS.length - 1 });
  // Mostly a party of the convention: that is where the guards have something to decide.
  const party = fc.oneof({ weight: 4, arbitrary: fc.nat({ max: definition.parties.length - 1 }) }, who);
  const commitment = fc.nat({ max: 40 });
  const signatory = fc.option(fc.nat({ max: 6 }), { freq: 3, nil: null });
  const hasCommittees = definition.committees.length > 0;
  const weighted: fc.WeightedArbitrary<Step>[] = [
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('sign' as const), who: party, signatory }) },
    { weight: 6, arbitrary: fc.record({ kind: fc.constant('markDone' as const), who: party, commitment }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('reopen' as const), who: party, commitment }) },
    {
      weight: 1,
      arbitrary: fc.record({ kind: fc.constant('formalNotice' as const), who: party, commitment }),
    },
    {
      weight: 1,
      arbitrary: fc.record({ kind: fc.constant('reportBreach' as const), who: party, commitment }),
    },
    {
      weight: definition.evaluation ? 3 : 1,
      arbitrary: fc.record({
        kind: fc.constant('evaluate' as const),
        who: party,
        rating: fc.constantFrom('MET' as const, 'NOT_MET' as const),
      }),
    },
    {
      weight: definition.evaluation ? 2 : 0,
      arbitrary: fc.record({ kind: fc.constant('everyoneEvaluates' as const) }),
    },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('notice' as const), who: party }) },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant('amend' as const),
        who: party,
        change: fc.constantFrom<AmendmentChange>('waive', 'term', 'add', 'due'),
        commitment,
        effectiveInDays: fc.option(fc.integer({ min: 0, max: 90 }), { nil: null }),
      }),
    },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('proposeRenewal' as const), who: party }) },
    {
      weight: 3,
      arbitrary: fc.record({ kind: fc.constant('signAmendment' as const), who: party, signatory }),
    },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('everyoneSignsAmendment' as const) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('withdrawAmendment' as const), who: party }) },
    {
      weight: hasCommittees ? 4 : 0,
      arbitrary: fc.record({
        kind: fc.constant('meeting' as const),
        who: party,
        committee: fc.nat({ max: Math.max(definition.committees.length - 1, 0) }),
        attending: fc.nat({ max: 15 }),
        daysAgo: fc.integer({ min: -2, max: 30 }),
      }),
    },
    {
      weight: definition.forceMajeure ? 2 : 1,
      arbitrary: fc.record({ kind: fc.constant('suspend' as const), who: party }),
    },
    {
      weight: definition.forceMajeure ? 2 : 1,
      arbitrary: fc.record({ kind: fc.constant('resume' as const), who: party }),
    },
    { weight: 6, arbitrary: fc.record({ kind: fc.constant('wait' as const), minutes: waitMinutes }) },
    {
      weight: 6,
      arbitrary: fc.record({
        kind: fc.constant('toDeadline' as const),
        index: fc.nat({ max: 4 }),
        offsetMs: fc.constantFrom(-1 as const, 0 as const, 0 as const, 1 as const),
      }),
    },
  ];
  return fc.oneof(...weighted.filter((w) => w.weight > 0));
}

/**
 * The options a run chooses: all of them, none, or any subset. The first two weigh most so that
 * the few cases CI runs per definition see both a convention with options and one without.
 */
function optionsArbitrary(ids: string[]): fc.Arbitrary<string[]> {
  return fc.oneof(
    { weight: 2, arbitrary: fc.constant(ids) },
    { weight: 2, arbitrary: fc.constant<string[]>([]) },
    { weight: 1, arbitrary: fc.subarray(ids) },
  );
}

export function runArbitrary(definition: ConventionDefinition, maxSteps: number): fc.Arbitrary<RunCase> {
  return fc.record({
    startAfterDays: fc.integer({ min: 0, max: 400 }),
    effectiveInDays: fc.option(fc.integer({ min: -800, max: 60 }), { freq: 3, nil: null }),
    // Signed first in most runs: what comes after signing is where most rules are.
    signFirst: fc.integer({ min: 0, max: 4 }).map((n) => n < 4),
    // Long sequences from the first case on: few cases run per definition in CI.
    steps: fc.array(stepArbitrary(definition), {
      minLength: Math.min(8, maxSteps),
      maxLength: maxSteps,
      size: 'max',
    }),
    ...(definition.options?.length ? { options: optionsArbitrary(definition.options.map((o) => o.id)) } : {}),
  });
}
