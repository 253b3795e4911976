import { Actor as XActor, createActor, Snapshot } from 'xstate';
import { Actor } from './actor';
import { IsoInstant } from './calendar';
import { ConventionEvent, ConventionInput, EXERCISED_CAUSES } from './convention.events';
import { localDate } from './calendar';
import { ConventionMachineInput } from './convention.context';
import { RulesVersion } from './rules-version';
import {
  commitmentOwners,
  pendingAmendment,
  ConventionSnapshot,
  createConventionMachine,
  ConventionMachine,
} from './convention.machine';
import { conventionStatus, pendingSignatories } from './convention.view';
import { ConventionDefinition, definitionRef } from './definition';
import { mayAct } from './party-rules';
import { CheckRefusal, checkInput, checkState, RefusalCode, Roster } from './checks';
import { compactSnapshot, expandSnapshot } from './stored-snapshot';
import { startMachine } from './convention-start';

/**
 * The machine-level operations the store and the auditor share: start, restore, apply an
 * event (or say why not), and list what a viewer may do now.
 */

export type ConventionActor = XActor<ConventionMachine>;

export const CONVENTION_ACTIONS = [
  'SIGN',
  'SUBMIT_EVALUATION',
  'GIVE_NOTICE',
  'PROPOSE_AMENDMENT',
  'PROPOSE_RENEWAL',
  'SIGN_AMENDMENT',
  'WITHDRAW_AMENDMENT',
  'RECORD_MEETING',
  'SUSPEND',
  'RESUME',
  'TERMINATE',
] as const;
export type ConventionAction = (typeof CONVENTION_ACTIONS)[number];
export const COMMITMENT_ACTIONS = ['MARK_DONE', 'REOPEN', 'SERVE_FORMAL_NOTICE', 'REPORT_BREACH'] as const;
export type CommitmentAction = (typeof COMMITMENT_ACTIONS)[number];

export type { RefusalCode } from './checks';

export interface Refusal {
  code: RefusalCode;
  /** The sentence a client reads: what was refused, and why. */
  message: string;
  /** Why, on its own: the failing check's reason, or where the convention stands. */
  reason: string;
  details?: Record<string, unknown>;
}

const machines = new Map<string, ConventionMachine>();

/**
 * One machine per definition version and rules version, built once. A convention is decided
 * by the rules version it was created with, for its whole life (rules-version.ts).
 */
export function machineFor(definition: ConventionDefinition, version: RulesVersion): ConventionMachine {
  const ref = `${definitionRef(definition)}#${version}`;
  let machine = machines.get(ref);
  if (!machine) {
    machine = createConventionMachine(definition, version);
    machines.set(ref, machine);
  }
  return machine;
}

/**
 * Starts a convention from its CONVENTION_CREATED payload under `version`: the current one for
 * a new convention, the version its first event carries for a replay.
 */
export function startConvention(
  definition: ConventionDefinition,
  input: ConventionInput,
  version: RulesVersion,
): ConventionActor {
  const machineInput: ConventionMachineInput = { ...input, rulesVersion: version };
  // From the template of its kind when it has one: the same actors, for a restore's cost.
  return startMachine(machineFor(definition, version), definition, machineInput);
}

/** The rules version a convention runs under, from its machine. */
export function rulesVersionOf(actor: ConventionActor): RulesVersion {
  return actor.getSnapshot().context.rulesVersion;
}

/**
 * Restores a convention from its stored snapshot (`persist`'s form, or a whole XState one),
 * under the rules version the snapshot records (1 for snapshots stored before versions).
 */
export function restoreConvention(definition: ConventionDefinition, stored: unknown): ConventionActor {
  const persisted = expandSnapshot(definition, stored);
  // The input is ignored when a snapshot is given; the persisted context carries it.
  const input = (persisted as { context: ConventionMachineInput }).context;
  return createActor(machineFor(definition, input.rulesVersion), {
    snapshot: persisted as Snapshot<unknown>,
    input,
  }).start();
}

/** The snapshot to store: XState's persisted one without what the definition already says. */
export function persist(definition: ConventionDefinition, actor: ConventionActor): unknown {
  return compactSnapshot(definition, actor.getPersistedSnapshot());
}

/** Sends the event if the machine accepts it; otherwise leaves the actor untouched. */
export function apply(
  definition: ConventionDefinition,
  actor: ConventionActor,
  event: ConventionEvent,
): Refusal | null {
  const snapshot = actor.getSnapshot();
  if (!snapshot.can(event)) return explainRefusal(definition, snapshot, event);
  actor.send(event);
  return null;
}

const ACTION_VERB: Record<ConventionEvent['type'], string> = {
  SIGNATURE_GIVEN: 'sign for this signatory',
  EFFECTIVE_DATE_REACHED: 'bring the convention into force',
  COMMITMENT_CONFIRMED: 'mark this commitment done',
  COMMITMENT_DUE_PASSED: 'close a commitment at its due date',
  EVALUATION_SUBMITTED: 'submit an evaluation of this convention',
  NOTICE_GIVEN: 'give notice on this convention',
  NOTICE_DEADLINE_PASSED: 'pass the notice deadline',
  TERM_ENDED: 'end the term',
  TERMINATION_TOOK_EFFECT: 'terminate the convention',
  EVALUATION_PERIOD_OPENED: 'open an evaluation period',
  EVALUATION_DUE_PASSED: 'mark an evaluation overdue',
  COMMITMENT_REOPENED: 'reopen this commitment',
  AMENDMENT_PROPOSED: 'propose this amendment',
  AMENDMENT_SIGNED: 'sign this amendment for this signatory',
  AMENDMENT_WITHDRAWN: 'withdraw this amendment',
  AMENDMENT_TOOK_EFFECT: 'apply an amendment',
  MEETING_RECORDED: 'record this committee meeting',
  FORMAL_NOTICE_SERVED: 'serve a formal notice on this commitment',
  BREACH_REPORTED: 'report a breach of this commitment',
  CURE_PERIOD_ENDED: 'close a cure period',
  CONVENTION_SUSPENDED: 'suspend this convention',
  CONVENTION_RESUMED: 'resume this convention',
  SUSPENSION_LIMIT_REACHED: 'end a suspension',
  TERMINATION_EXERCISED: 'terminate this convention',
  SURVIVAL_ENDED: 'end a surviving commitment',
};

function describeActor(actor: Actor): string {
  return actor.role === 'representative' ? `a representative of ${actor.partyId}` : `the ${actor.role}`;
}

function rosterOf(definition: ConventionDefinition): Roster {
  return { parties: definition.parties, committees: definition.committees, timeZone: definition.timeZone };
}

function refusalFrom(event: ConventionEvent, check: CheckRefusal): Refusal {
  const message =
    check.code === 'BAD_USER_INPUT' ? check.reason : `cannot ${ACTION_VERB[event.type]}: ${check.reason}`;
  return {
    code: check.code,
    message,
    reason: check.reason,
    ...(check.details ? { details: check.details } : {}),
  };
}

/** Whether the convention's current state has any transition for this kind of event. */
function stateTakes(snapshot: ConventionSnapshot, type: ConventionEvent['type']): boolean {
  return snapshot._nodes.some((node) => node.ownEvents.includes(type));
}

/**
 * Why the machine refuses `event`: what the event says of itself first, then who sends it,
 * then the check of the state that takes it; where no check explains the refusal (the event
 * has no place in this state), where the convention stands and what is allowed now.
 */
export function explainRefusal(
  definition: ConventionDefinition,
  snapshot: ConventionSnapshot,
  event: ConventionEvent,
): Refusal {
  const context = snapshot.context;
  const roster = rosterOf(definition);
  const input = checkInput(roster, context, event);
  if (input) return refusalFrom(event, input);
  const party = { parties: definition.parties, evaluation: context.rules.evaluation };
  if (!mayAct(party, event.actor, event, (id) => commitmentOwners(context, id))) {
    const reason = `${describeActor(event.actor)} may not ${ACTION_VERB[event.type]}`;
    return { code: 'FORBIDDEN', message: reason, reason };
  }
  const state = stateTakes(snapshot, event.type) ? checkState(roster, context, event) : undefined;
  if (state) return refusalFrom(event, state);
  const status = conventionStatus(snapshot);
  const allowed = allowedActions(definition, snapshot, event.actor, event.at);
  const commitmentPart =
    'commitmentId' in event
      ? `; commitment ${event.commitmentId} is ${commitmentState(snapshot, event.commitmentId)}`
      : '';
  const allowedNow = [
    ...allowed.convention,
    ...Object.entries(allowed.commitments).flatMap(([id, actions]) => actions.map((a) => `${a} ${id}`)),
  ];
  const reason = `the convention is ${status}${commitmentPart}`;
  return {
    code: 'INVALID_TRANSITION',
    message:
      `cannot ${ACTION_VERB[event.type]}: ${reason}. ` +
      `Allowed now: ${allowedNow.length ? allowedNow.join(', ') : 'nothing'}`,
    reason,
    details: { status, allowedNow },
  };
}

function commitmentState(snapshot: ConventionSnapshot, id: string): string {
  const child = snapshot.context.commitments[id];
  return child ? String(child.getSnapshot().value) : 'unknown';
}

export interface AllowedActions {
  convention: ConventionAction[];
  commitments: Record<string, CommitmentAction[]>;
}

type Envelope = { actor: Actor; at: IsoInstant };

/** Signing or withdrawing the pending amendment, if there is one. */
function amendmentSignOrWithdraw(
  definition: ConventionDefinition,
  snapshot: ConventionSnapshot,
  envelope: Envelope,
): ConventionAction[] {
  const viewer = envelope.actor;
  const actions: ConventionAction[] = [];
  const pending = pendingAmendment(snapshot.context);
  if (!pending) return actions;
  const unsigned = definition.parties
    .find((p) => p.id === viewer.partyId)
    ?.signatories.filter((s) => !pending.signatures.some((sig) => sig.signatoryId === s.id));
  if (
    unsigned?.some((s) =>
      snapshot.can({ type: 'AMENDMENT_SIGNED', amendmentId: pending.id, signatoryId: s.id, ...envelope }),
    )
  ) {
    actions.push('SIGN_AMENDMENT');
  }
  if (snapshot.can({ type: 'AMENDMENT_WITHDRAWN', amendmentId: pending.id, reason: 'probe', ...envelope })) {
    actions.push('WITHDRAW_AMENDMENT');
  }
  return actions;
}

function commitmentActionsFor(
  snapshot: ConventionSnapshot,
  commitmentId: string,
  envelope: Envelope,
): CommitmentAction[] {
  const actions: CommitmentAction[] = [];
  if (
    snapshot.can({ type: 'COMMITMENT_CONFIRMED', commitmentId, note: null, evidenceUrl: null, ...envelope })
  ) {
    actions.push('MARK_DONE');
  }
  if (snapshot.can({ type: 'COMMITMENT_REOPENED', commitmentId, reason: 'probe', ...envelope })) {
    actions.push('REOPEN');
  }
  if (snapshot.can({ type: 'FORMAL_NOTICE_SERVED', commitmentId, reason: 'probe', ...envelope })) {
    actions.push('SERVE_FORMAL_NOTICE');
  }
  const probeBreach = {
    commitmentId,
    description: 'probe',
    evidenceUrl: 'https://probe.invalid',
    ...envelope,
  };
  if (snapshot.can({ type: 'BREACH_REPORTED', ...probeBreach })) actions.push('REPORT_BREACH');
  return actions;
}

/** What `viewer` may do now: the machine's own guards, asked with probe events. */
export function allowedActions(
  definition: ConventionDefinition,
  snapshot: ConventionSnapshot,
  viewer: Actor,
  at: IsoInstant,
): AllowedActions {
  const result: AllowedActions = { convention: [], commitments: {} };
  if (viewer.role !== 'representative') return result;
  const envelope = { actor: viewer, at };
  const context = snapshot.context;
  if (
    pendingSignatories(definition, context, viewer).some((signatoryId) =>
      snapshot.can({ type: 'SIGNATURE_GIVEN', signatoryId, ...envelope }),
    )
  ) {
    result.convention.push('SIGN');
  }
  const criteria = context.rules.evaluation?.criteria ?? [];
  const probeAssessments = criteria.map((c) => ({ criterion: c.id, rating: 'MET' as const, comment: null }));
  if (
    snapshot.can({ type: 'EVALUATION_SUBMITTED', assessments: probeAssessments, summary: null, ...envelope })
  ) {
    result.convention.push('SUBMIT_EVALUATION');
  }
  if (snapshot.can({ type: 'NOTICE_GIVEN', reason: 'probe', ...envelope })) {
    result.convention.push('GIVE_NOTICE');
  }
  const nextAmendment = `A${context.amendments.length + 1}`;
  const proposal = {
    type: 'AMENDMENT_PROPOSED' as const,
    amendmentId: nextAmendment,
    effectiveOn: null,
    summary: 'probe',
  };
  if (snapshot.can({ ...proposal, kind: 'CHANGE', changes: { notice: context.rules.notice }, ...envelope })) {
    result.convention.push('PROPOSE_AMENDMENT');
  }
  if (snapshot.can({ ...proposal, kind: 'RENEWAL', changes: {}, ...envelope })) {
    result.convention.push('PROPOSE_RENEWAL');
  }
  result.convention.push(...amendmentSignOrWithdraw(definition, snapshot, envelope));
  const today = localDate(at, definition.timeZone);
  const meets = definition.committees.some(
    (committee) =>
      viewer.partyId !== null &&
      snapshot.can({
        type: 'MEETING_RECORDED',
        committee: committee.id,
        heldOn: today,
        attendingParties: [viewer.partyId],
        minutesUrl: null,
        decisions: [],
        ...envelope,
      }),
  );
  if (meets) result.convention.push('RECORD_MEETING');
  if (snapshot.can({ type: 'CONVENTION_SUSPENDED', reason: 'probe', ...envelope }))
    result.convention.push('SUSPEND');
  if (snapshot.can({ type: 'CONVENTION_RESUMED', ...envelope })) result.convention.push('RESUME');
  // A party holding both a force majeure and a breach right may terminate, naming the cause.
  const terminate = { type: 'TERMINATION_EXERCISED' as const, reason: 'probe', ...envelope };
  if (snapshot.can(terminate) || EXERCISED_CAUSES.some((cause) => snapshot.can({ ...terminate, cause }))) {
    result.convention.push('TERMINATE');
  }
  for (const commitmentId of Object.keys(context.commitments)) {
    result.commitments[commitmentId] = commitmentActionsFor(snapshot, commitmentId, envelope);
  }
  return result;
}
