import { Actor as XActor, createActor, Snapshot } from 'xstate';
import { Actor } from './actor';
import { IsoInstant } from './calendar';
import { ConventionEvent, ConventionInput } from './convention.events';
import {
  commitmentOwners,
  ConventionSnapshot,
  createConventionMachine,
  ConventionMachine,
} from './convention.machine';
import { conventionStatus, pendingSignatories } from './convention.view';
import { ConventionDefinition, definitionRef } from './definition';
import { mayAct } from './party-rules';

/**
 * The machine-level operations the store and the auditor share: start, restore, apply an
 * event (or say why not), and list what a viewer may do now.
 */

export type ConventionActor = XActor<ConventionMachine>;

export type ConventionAction = 'SIGN' | 'SUBMIT_EVALUATION' | 'GIVE_NOTICE';
export type CommitmentAction = 'MARK_DONE';

export type RefusalCode = 'FORBIDDEN' | 'INVALID_TRANSITION';

export interface Refusal {
  code: RefusalCode;
  message: string;
}

const machines = new Map<string, ConventionMachine>();

/** One machine per definition version, built once. */
export function machineFor(definition: ConventionDefinition): ConventionMachine {
  const ref = definitionRef(definition);
  let machine = machines.get(ref);
  if (!machine) {
    machine = createConventionMachine(definition);
    machines.set(ref, machine);
  }
  return machine;
}

export function startConvention(definition: ConventionDefinition, input: ConventionInput): ConventionActor {
  return createActor(machineFor(definition), { input }).start();
}

export function restoreConvention(definition: ConventionDefinition, persisted: unknown): ConventionActor {
  // The input is ignored when a snapshot is given; the persisted context carries it.
  const input = (persisted as { context: ConventionInput }).context;
  return createActor(machineFor(definition), { snapshot: persisted as Snapshot<unknown>, input }).start();
}

export function persist(actor: ConventionActor): unknown {
  return actor.getPersistedSnapshot();
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
};

function describeActor(actor: Actor): string {
  return actor.role === 'representative' ? `a representative of ${actor.partyId}` : `the ${actor.role}`;
}

export function explainRefusal(
  definition: ConventionDefinition,
  snapshot: ConventionSnapshot,
  event: ConventionEvent,
): Refusal {
  const context = snapshot.context;
  if (!mayAct(definition, event.actor, event, (id) => commitmentOwners(context, id))) {
    return {
      code: 'FORBIDDEN',
      message: `${describeActor(event.actor)} may not ${ACTION_VERB[event.type]}`,
    };
  }
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
  return {
    code: 'INVALID_TRANSITION',
    message:
      `cannot ${ACTION_VERB[event.type]}: the convention is ${status}${commitmentPart}. ` +
      `Allowed now: ${allowedNow.length ? allowedNow.join(', ') : 'nothing'}`,
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
  const criteria = definition.evaluation?.criteria ?? [];
  const probeAssessments = criteria.map((c) => ({ criterion: c.id, rating: 'MET' as const, comment: null }));
  if (
    snapshot.can({ type: 'EVALUATION_SUBMITTED', assessments: probeAssessments, summary: null, ...envelope })
  ) {
    result.convention.push('SUBMIT_EVALUATION');
  }
  if (snapshot.can({ type: 'NOTICE_GIVEN', reason: 'probe', ...envelope })) {
    result.convention.push('GIVE_NOTICE');
  }
  for (const commitmentId of Object.keys(context.commitments)) {
    const probe = { type: 'COMMITMENT_CONFIRMED' as const, commitmentId, note: null, evidenceUrl: null };
    result.commitments[commitmentId] = snapshot.can({ ...probe, ...envelope }) ? ['MARK_DONE'] : [];
  }
  return result;
}
