import { isDeepStrictEqual } from 'node:util';
import { DeadlineRecord } from '../../../src/conventions/deadline-record';
import { StoredEvent } from '../../../src/events/stored-event';
import { actorOf } from '../../../src/events/stored-event';
import { apply, startConvention } from '../../../src/machines/convention.engine';
import {
  ConventionEventType,
  ConventionInput,
  eventFrom,
  TIME_EVENT_TYPES,
} from '../../../src/machines/convention.events';
import { commitmentViews, CommitmentView, conventionStatus } from '../../../src/machines/convention.view';
import { deadlineRank, DeadlineKind } from '../../../src/machines/deadlines';
import { RulesVersion } from '../../../src/machines/rules-version';
import { Projection, RunRecord, StepRecord } from './convention-run';

/**
 * The properties of issue 14, each a function from a recorded run to what it found wrong
 * (nothing when it holds). They read only what the store kept: events, projections,
 * deadline rows, refusals.
 */
export type Property = (run: RunRecord) => string[];

/** Equal as JSON: what the store keeps of a value (undefined fields dropped, key order ignored). */
function sameJson(a: unknown, b: unknown): boolean {
  return isDeepStrictEqual(JSON.parse(JSON.stringify(a ?? null)), JSON.parse(JSON.stringify(b ?? null)));
}

/** The whole convention view a projection stands for. */
function wholeView(projection: Projection) {
  return { ...projection.view, commitments: projection.commitments.map((c) => c.view) };
}

function payload(event: StoredEvent): Record<string, unknown> {
  return JSON.parse(event.payload) as Record<string, unknown>;
}

const isSystem = (event: StoredEvent) => event.actorRole === 'system';

/** The events a step appended to the convention's stream. */
function eventsOf(run: RunRecord, step: StepRecord): StoredEvent[] {
  return run.events.filter((e) => e.version > step.before.version && e.version <= step.after.version);
}

// (a) A terminated convention is final.

/** What may still happen once a convention ended: to commitments that survive it or start at its end. */
const AFTER_THE_END = new Set<string>([
  'COMMITMENT_CONFIRMED',
  'COMMITMENT_DUE_PASSED',
  'COMMITMENT_REOPENED',
  'SURVIVAL_ENDED',
]);

interface Ending {
  /** The version of the event that terminated the convention. */
  version: number;
  termination: unknown;
  commitments: CommitmentView[];
  /** The commitments whose terms (as amended) make them outlive the convention. */
  outliving: Set<string>;
}

/** Folds the stream through the machine, event by event, to the event that terminated it. */
function endingOf(run: RunRecord): Ending | null {
  const [created, ...rest] = run.events;
  if (!created) return null;
  const machine = startConvention(
    run.definition,
    payload(created) as unknown as ConventionInput,
    created.machineVersion as RulesVersion,
  );
  for (const event of rest) {
    const refusal = apply(
      run.definition,
      machine,
      eventFrom(event.type as ConventionEventType, payload(event), actorOf(event), event.occurredAt),
    );
    if (refusal) return null; // (e) reports a stream that does not replay.
    const snapshot = machine.getSnapshot();
    if (conventionStatus(snapshot) === 'TERMINATED') {
      const terms = Object.values(snapshot.context.terms);
      return {
        version: event.version,
        termination: snapshot.context.termination,
        commitments: commitmentViews(snapshot.context),
        // `dueAfterPeriod`: the occurrence of a period over by the end stays owed until it is due.
        outliving: new Set(
          terms.filter((t) => t.survives || t.dueFrom === 'end' || t.dueAfterPeriod).map((t) => t.id),
        ),
      };
    }
  }
  return null;
}

/**
 * Still owed after the end: a commitment its terms say survives the convention or starts at its
 * end, or whose occurrences are due after their period (`dueAfterPeriod`), and that is still in effect, or confirmed and surviving (for a time or for good).
 */
function owedAfterTheEnd(ending: Ending, commitment: CommitmentView): boolean {
  if (!ending.outliving.has(commitment.id)) return false;
  if (commitment.status === 'IN_EFFECT') return true;
  const surviving = commitment.survivesUntil !== null || commitment.survivesWithoutLimit === true;
  return commitment.status === 'FULFILLED' && surviving && commitment.endedAt === null;
}

/**
 * A commitment WAIVED, TERMINATED or LAPSED (it never arose: the convention ended otherwise than
 * its `onlyIfEndedBy` says) stays so, with what it recorded.
 */
const FINAL_COMMITMENT_STATUSES = ['WAIVED', 'TERMINATED', 'LAPSED'];

function finalCommitmentsStay(run: RunRecord): string[] {
  const problems: string[] = [];
  const kept = (c: CommitmentView | undefined) =>
    c && [c.status, c.confirmations, c.fulfilledAt, c.occurrences];
  for (const step of run.steps) {
    for (const before of step.before.commitments.filter((c) =>
      FINAL_COMMITMENT_STATUSES.includes(c.status),
    )) {
      const after = step.after.commitments.find((c) => c.key === before.key);
      if (!sameJson(kept(before.view), kept(after?.view))) {
        problems.push(`step ${step.index} (${step.action}) moved ${before.key}, which was ${before.status}`);
      }
    }
  }
  return problems;
}

export const terminatedIsFinal: Property = (run) => {
  const problems = finalCommitmentsStay(run);
  const ending = endingOf(run);
  if (!ending) return problems;
  const owed = new Set(ending.commitments.filter((c) => owedAfterTheEnd(ending, c)).map((c) => c.id));
  for (const event of run.events.filter((e) => e.version > ending.version)) {
    const about = payload(event).commitmentId as string | undefined;
    if (!AFTER_THE_END.has(event.type) || !about || !owed.has(about)) {
      problems.push(
        `event ${event.version} ${event.type}${about ? ` (${about})` : ''} was appended after the convention terminated at version ${ending.version}` +
          ` (still owed then: ${[...owed].join(', ') || 'nothing'})`,
      );
    }
  }
  const at = ending.commitments;
  for (const step of run.steps.filter((s) => s.before.version >= ending.version)) {
    if (step.after.status !== 'TERMINATED')
      problems.push(`step ${step.index} (${step.action}) left TERMINATED for ${step.after.status}`);
    if (!sameJson(step.after.view.termination, ending.termination)) {
      problems.push(`step ${step.index} (${step.action}) changed the termination`);
    }
    const { commitments: _c, ...before } = wholeView(step.before);
    const { commitments: _d, ...after } = wholeView(step.after);
    if (!sameJson(before, after))
      problems.push(`step ${step.index} (${step.action}) changed the terminated convention`);
    for (const commitment of step.after.commitments.filter((c) => !owed.has(c.key))) {
      const then = at.find((c) => c.id === commitment.key);
      if (!sameJson(then, commitment.view)) {
        problems.push(
          `step ${step.index} (${step.action}) changed ${commitment.key}, which ended with the convention`,
        );
      }
    }
  }
  return problems;
};

// (b) Only an owner's confirmation (or a meeting of its committee, or the system) fulfils a commitment.

/** Every fulfilment a commitment records: its confirmations and those of each period. */
function fulfilmentCount(view: CommitmentView): number {
  const periods = view.occurrences.reduce((n, o) => n + o.fulfilments.length, 0);
  return view.confirmations.length + periods + (view.status === 'FULFILLED' ? 1 : 0);
}

function fulfilledBy(run: RunRecord, step: StepRecord, commitment: CommitmentView): boolean {
  const actor = step.actor;
  if (eventsOf(run, step).some(isSystem)) return true;
  if (!actor || actor.role !== 'representative' || !commitment.owners.includes(actor.partyId ?? ''))
    return false;
  if (step.step.kind === 'markDone') return step.commitment === commitment.id;
  if (step.step.kind !== 'meeting') return false;
  const committees = run.definition.committees;
  return commitment.committee === committees[step.step.committee % Math.max(committees.length, 1)]?.id;
}

export const onlyOwnersFulfil: Property = (run) => {
  const problems: string[] = [];
  for (const step of run.steps.filter((s) => !s.isClockMove)) {
    for (const after of step.after.commitments) {
      const before = step.before.commitments.find((c) => c.key === after.key);
      if (!before || fulfilmentCount(after.view) <= fulfilmentCount(before.view)) continue;
      if (!fulfilledBy(run, step, before.view)) {
        problems.push(
          `step ${step.index} (${step.action}) fulfilled ${after.key}, owed by ${before.view.owners.join(' + ')}`,
        );
      }
    }
    if (step.step.kind !== 'markDone' || !step.commitment) continue;
    const target = step.before.commitments.find((c) => c.key === step.commitment)!;
    const owner =
      step.actor?.role === 'representative' && target.view.owners.includes(step.actor.partyId ?? '');
    if (owner) continue;
    if (!step.refusal || !['FORBIDDEN', 'INVALID_TRANSITION'].includes(step.refusal.code)) {
      problems.push(
        `step ${step.index} (${step.action}): a non-owner's confirmation answered ${step.refusal?.code ?? 'with success'}, not FORBIDDEN or INVALID_TRANSITION`,
      );
    }
  }
  return problems;
};

// Refused commands change nothing.

export const refusalsChangeNothing: Property = (run) =>
  run.steps
    .filter((s) => s.refusal)
    .flatMap((step) => {
      const changed = [
        step.logAfter !== step.logBefore && `appended ${step.logAfter - step.logBefore} event(s)`,
        !sameJson(step.before, step.after) && 'changed the projection',
        step.deadlinesAfter !== step.deadlinesBefore && 'changed the deadlines',
      ].filter(Boolean);
      return changed.length
        ? [
            `step ${step.index} (${step.action}) was refused (${step.refusal!.code}) but ${changed.join(', ')}`,
          ]
        : [];
    });

// (c) A time event never fires before its date.

/**
 * Each time event with the fired deadline it came from: same type and payload, the earliest
 * due first. Unpaired events and deadlines are reported by the properties.
 */
export function pairTimeEvents(run: RunRecord): {
  pairs: { event: StoredEvent; deadline: DeadlineRecord }[];
  unpairedEvents: StoredEvent[];
  unpairedDeadlines: DeadlineRecord[];
} {
  const fired = run.deadlines.filter((d) => d.status === 'FIRED');
  const used = new Set<number>();
  const pairs: { event: StoredEvent; deadline: DeadlineRecord }[] = [];
  const unpairedEvents: StoredEvent[] = [];
  for (const event of run.events.filter(isSystem)) {
    const deadline = fired.find(
      (d) => !used.has(d.id) && d.eventType === event.type && sameJson(JSON.parse(d.payload), payload(event)),
    );
    if (!deadline) {
      unpairedEvents.push(event);
      continue;
    }
    used.add(deadline.id);
    pairs.push({ event, deadline });
  }
  return { pairs, unpairedEvents, unpairedDeadlines: fired.filter((d) => !used.has(d.id)) };
}

export const timeEventsWaitForTheirDate: Property = (run) => {
  const problems: string[] = [];
  const { pairs, unpairedEvents, unpairedDeadlines } = pairTimeEvents(run);
  for (const event of unpairedEvents)
    problems.push(`system event ${event.version} ${event.type} fired no deadline`);
  for (const d of unpairedDeadlines) problems.push(`deadline ${d.key} is FIRED but no event came of it`);
  // A planned time event the machine refuses at its date: the plan and the guards disagree.
  for (const d of run.deadlines.filter((d) => d.status === 'REFUSED')) {
    problems.push(`deadline ${d.key} (due ${d.dueAt}) was refused by the machine when it fell due`);
  }
  for (const { event, deadline } of pairs) {
    if (event.occurredAt < deadline.dueAt) {
      problems.push(
        `event ${event.version} ${event.type} occurred at ${event.occurredAt}, before its deadline ${deadline.key} (${deadline.dueAt})`,
      );
    }
  }
  const timeTypes: readonly string[] = TIME_EVENT_TYPES;
  for (const event of run.events.filter((e) => timeTypes.includes(e.type) && !isSystem(e))) {
    problems.push(`time event ${event.version} ${event.type} was sent by ${event.actorUserId}`);
  }
  for (const step of run.steps) {
    for (const event of eventsOf(run, step).filter((e) => e.occurredAt > step.clockAfter)) {
      problems.push(
        `event ${event.version} ${event.type} occurred at ${event.occurredAt}, after the clock (${step.clockAfter})`,
      );
    }
    for (const d of step.leftDue) {
      problems.push(
        `after step ${step.index} (${step.action}) deadline ${d.key} (due ${d.dueAt}) was still pending at ${step.clockAfter}`,
      );
    }
  }
  return problems;
};

// (d) Deadlines due at the same instant fire in SAME_INSTANT_ORDER.

export const sameInstantOrder: Property = (run) => {
  const problems: string[] = [];
  const dueOf = new Map(pairTimeEvents(run).pairs.map((p) => [p.event.version, p.deadline]));
  let previous: { event: StoredEvent; deadline: DeadlineRecord } | null = null;
  for (const event of run.events) {
    const deadline = dueOf.get(event.version);
    // A command between two firings may plan a deadline due at an instant already passed.
    if (!deadline) {
      previous = null;
      continue;
    }
    if (previous && previous.deadline.dueAt === deadline.dueAt) {
      const [a, b] = [previous.deadline.kind, deadline.kind] as DeadlineKind[];
      if (deadlineRank(a) > deadlineRank(b)) {
        problems.push(
          `at ${deadline.dueAt}: ${a} (event ${previous.event.version}) fired before ${b} (event ${event.version})`,
        );
      }
    }
    previous = { event, deadline };
  }
  return problems;
};

// (e) Replaying the stored events from scratch gives the stored projection.

export const replayGivesTheProjection: Property = (run) => {
  const problems: string[] = [];
  if (!run.replayed.ok)
    return [`the stream does not replay: version ${run.replayed.version}: ${run.replayed.reason}`];
  if (!sameJson(run.replayed.view, wholeView(run.final))) {
    problems.push('the replayed view differs from the stored projection');
    const stored = wholeView(run.final) as Record<string, unknown>;
    const replayed = run.replayed.view as unknown as Record<string, unknown>;
    for (const key of Object.keys(stored)) {
      if (!sameJson(stored[key], replayed[key]))
        problems.push(
          `  ${key}: stored ${JSON.stringify(stored[key])}, replayed ${JSON.stringify(replayed[key])}`,
        );
    }
  }
  if (run.replayed.view.status !== run.final.status)
    problems.push(`status ${run.final.status} stored, ${run.replayed.view.status} replayed`);
  if (!sameJson(run.replayed.snapshot, run.final.snapshot))
    problems.push('the stored machine snapshot differs from the replayed one');
  if (run.final.version !== run.events.length)
    problems.push(`projection at version ${run.final.version}, ${run.events.length} events`);
  if (!run.verification.valid)
    problems.push(`verifyHistory: ${run.verification.reason} (version ${run.verification.firstBadVersion})`);
  return problems;
};

// (f) conventionAt(t) is the state the convention had at t.

export const conventionAtIsThePast: Property = (run) =>
  run.conventionAt.flatMap(({ at, expected, answer }) => {
    if (!expected)
      return answer
        ? [`conventionAt(${at}), before the convention existed, answered version ${answer.version}`]
        : [];
    if (!answer)
      return [`conventionAt(${at}) answered nothing; version ${expected.version} was recorded then`];
    if (answer.version !== expected.version)
      return [
        `conventionAt(${at}) answered version ${answer.version}; version ${expected.version} was recorded then`,
      ];
    return sameJson(answer.view, wholeView(expected))
      ? []
      : [`conventionAt(${at}) differs from the projection recorded then (version ${expected.version})`];
  });

/**
 * (h) Options: the CONVENTION_CREATED event records the options chosen (in the definition's
 * order, absent when none), and the convention has the commitments of no option and of the
 * chosen ones (or their later versions), never those of an option not chosen.
 */
export const onlyChosenOptionsCommitments: Property = (run) => {
  const problems: string[] = [];
  const chosen = run.runCase.options ?? [];
  const declared = (run.definition.options ?? []).map((o) => o.id).filter((id) => chosen.includes(id));
  const [created] = run.events;
  const recorded = created ? payload(created).chosenOptions : undefined;
  if (!sameJson(recorded, declared.length ? declared : undefined)) {
    problems.push(`CONVENTION_CREATED records ${JSON.stringify(recorded)}, chosen ${JSON.stringify(chosen)}`);
  }
  const lineages = new Set(run.final.commitments.map((c) => c.key.replace(/\.v\d+$/, '')));
  for (const commitment of run.definition.commitments) {
    const owed = commitment.option === undefined || chosen.includes(commitment.option);
    if (lineages.has(commitment.id) !== owed) {
      problems.push(
        `commitment ${commitment.id} (option ${commitment.option ?? 'none'}) ${owed ? 'is missing' : 'exists'} with options ${JSON.stringify(chosen)}`,
      );
    }
  }
  return problems;
};

/** A failed property's message: what went wrong, then the run step by step. */
export function describeFailure(run: RunRecord, problems: string[]): string {
  const steps = run.steps.map(
    (s) =>
      `  ${s.index}. [${s.clockBefore}] ${s.action} → ${s.refusal ? `${s.refusal.code}: ${s.refusal.message}` : `${s.after.status} v${s.after.version}`}`,
  );
  const events = run.events.map(
    (e) => `  v${e.version} ${e.occurredAt} ${e.type} by ${e.actorUserId} ${e.payload}`,
  );
  return [
    `${run.definition.id}: ${problems.length} problem(s)`,
    ...problems.map((p) => `- ${p}`),
    'steps:',
    ...steps,
    'events:',
    ...events,
  ].join('\n');
}
