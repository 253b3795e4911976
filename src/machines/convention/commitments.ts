import { Actor } from '../actor';
import { IsoDate } from '../calendar';
import { EventOf } from '../checks';
import { CommitmentEvent } from '../commitment.machine';
import { ConventionContext } from '../convention.context';
import { childAccepts, currentVersion } from '../convention-queries';
import { dayAfter, lastDayInForce } from '../convention-dates';
import { ConventionEvent } from '../convention.events';
import { ConventionDefinition, endCauseOf } from '../definition';
import { Rules } from '../rules-version';
import { dayIn, enqueueFor, Guard } from './kit';
import { lateDueOn, termsDueOn } from '../late-start';
import { completesOneOff, conditionUnmet, openEvent, successorsOf } from './ordering';

/** Commitments: the convention forwards what the parties and the clock say to each commitment. */

function confirmationFor(
  event: EventOf<'COMMITMENT_CONFIRMED'>,
  actor: Actor,
): Extract<CommitmentEvent, { type: 'CONFIRM' }> {
  return {
    type: 'CONFIRM',
    // The guard let only an actor of a party through.
    partyId: actor.partyId ?? '',
    userId: actor.userId,
    at: event.at,
    note: event.note,
    evidenceUrl: event.evidenceUrl,
  };
}

/** Whether this confirmation fulfils the last of the deliverables the term ends with. */
function completesDeliverables(context: ConventionContext, event: ConventionEvent, rules: Rules): boolean {
  const listed = context.rules.term.kind === 'open-ended' ? [] : (context.rules.term.endsWhenFulfilled ?? []);
  // v2: an amended deliverable (`key` → `key.v2`) is still a deliverable: its lineage carries the
  // completion condition. v1 kept the original key only, so the convention never completed.
  const deliverables = rules.since(2) ? listed.map((key) => currentVersion(context, key)) : listed;
  if (event.type !== 'COMMITMENT_CONFIRMED' || !deliverables.includes(event.commitmentId)) return false;
  const child = context.commitments[event.commitmentId]?.getSnapshot();
  if (!child) return false;
  const confirmed = [...child.context.confirmations.map((c) => c.partyId), event.actor.partyId];
  const completes = child.context.owners.every((o) => confirmed.includes(o));
  const othersDone = deliverables
    .filter((key) => key !== event.commitmentId)
    .every((key) => context.commitments[key]?.getSnapshot().value === 'fulfilled');
  return completes && othersDone;
}

/**
 * A commitment starts; under v3 it counts its periods as `period-end.ts` does; under v4, in a
 * convention in force before its signature, what falls due before `lateDueOn` is due then.
 */
export function startEvent(
  startsOn: IsoDate,
  rules: Rules,
  lateDueOn: IsoDate | null = null,
): Extract<CommitmentEvent, { type: 'START' }> {
  const start = rules.since(3)
    ? { type: 'START' as const, startsOn, periodsV3: true as const }
    : { type: 'START' as const, startsOn };
  return rules.since(4) && lateDueOn !== null ? { ...start, lateDueOn } : start;
}

/** Rules v4: the last day of the grace after the last signature, if it took effect before it. */
function graceEnd(context: ConventionContext, definition: ConventionDefinition): IsoDate | null {
  const signed = context.signatures.at(-1);
  if (context.effectiveOn === null || !signed) return null;
  const signedOn = dayIn(definition)(signed.at);
  const grace = context.rules.term.graceAfterSignature;
  return lateDueOn(context.effectiveOn, signedOn, grace, definition.timeZone);
}

export function commitmentGuards(definition: ConventionDefinition, rules: Rules) {
  const dayOf = dayIn(definition);
  const commitmentAcceptsConfirmation: Guard = ({ context, event }) =>
    event.type === 'COMMITMENT_CONFIRMED' &&
    event.actor.partyId !== null &&
    childAccepts(context, event.commitmentId, confirmationFor(event, event.actor));
  const confirmationCompletesDeliverables: Guard = ({ context, event }) =>
    completesDeliverables(context, event, rules);
  const commitmentDueHasPassed: Guard = ({ context, event }) =>
    event.type === 'COMMITMENT_DUE_PASSED' &&
    childAccepts(context, event.commitmentId, { type: 'DUE_PASSED', at: event.at, on: dayOf(event.at) });
  const commitmentReopenable: Guard = ({ context, event }) =>
    event.type === 'COMMITMENT_REOPENED' &&
    event.actor.partyId !== null &&
    childAccepts(context, event.commitmentId, { type: 'REOPEN', partyId: event.actor.partyId, at: event.at });
  /** The commitment survives the convention's end (confirmed or not, for a time or for good): it is still owed. */
  const commitmentSurvives: Guard = ({ context, event }) => {
    if (event.type !== 'COMMITMENT_REOPENED') return false;
    const child = context.commitments[event.commitmentId]?.getSnapshot().context;
    return child !== undefined && (child.survivesUntil !== null || child.survivesWithoutLimit === true);
  };
  const survivalEnded: Guard = ({ context, event }) =>
    event.type === 'SURVIVAL_ENDED' &&
    childAccepts(context, event.commitmentId, { type: 'SURVIVAL_ENDED', at: event.at, on: dayOf(event.at) });
  return {
    commitmentAcceptsConfirmation,
    confirmationCompletesDeliverables,
    commitmentDueHasPassed,
    commitmentReopenable,
    commitmentSurvives,
    survivalEnded,
  };
}

export function commitmentActions(definition: ConventionDefinition, rules: Rules) {
  const dayOf = dayIn(definition);
  return {
    startCommitments: enqueueFor(({ context, enqueue }) => {
      const startsOn = context.effectiveOn;
      if (startsOn === null) return;
      const late = rules.since(4) ? graceEnd(context, definition) : null;
      for (const child of Object.values(context.commitments)) {
        enqueue.sendTo(child, startEvent(startsOn, rules, late));
      }
    }),
    forwardConfirmation: enqueueFor(({ context, enqueue }, e: EventOf<'COMMITMENT_CONFIRMED'>) => {
      const child = context.commitments[e.commitmentId];
      if (!child) return;
      const completes = completesOneOff(context, e.commitmentId, e.actor.partyId);
      enqueue.sendTo(child, confirmationFor(e, e.actor));
      // In the same event: what comes `after` it is owed from the day of its last confirmation.
      if (!completes) return;
      for (const key of successorsOf(context, e.commitmentId)) {
        const successor = context.commitments[key];
        if (successor) enqueue.sendTo(successor, openEvent(dayOf(e.at), rules));
      }
    }),
    forwardDuePassed: enqueueFor(
      ({ context, enqueue }, params: { renewed: boolean; event: EventOf<'COMMITMENT_DUE_PASSED'> }) => {
        const e = params.event;
        const child = context.commitments[e.commitmentId];
        if (!child) return;
        const last = child.getSnapshot().context.occurrences.at(-1);
        // A period that would begin after the last term (not renewed) is not opened.
        const endsOn = context.term?.endsOn ?? null;
        // With `dueAfterPeriod`, the next period follows the one covered, not its due date.
        const openNext =
          params.renewed ||
          !last ||
          endsOn === null ||
          dayAfter(context.rules, last.periodEndsOn ?? termsDueOn(last)) <= endsOn;
        const due = { type: 'DUE_PASSED' as const, at: e.at, on: dayOf(e.at), openNext };
        // `if`: an occurrence whose condition was not met closes NOT_OWED, not VIOLATED.
        enqueue.sendTo(child, conditionUnmet(context, e.commitmentId) ? { ...due, notOwed: true } : due);
      },
    ),
    forwardReopen: enqueueFor(({ context, enqueue }, e: EventOf<'COMMITMENT_REOPENED'>) => {
      const child = context.commitments[e.commitmentId];
      if (child) enqueue.sendTo(child, { type: 'REOPEN', partyId: e.actor.partyId ?? '', at: e.at });
    }),
    forwardSurvivalEnd: enqueueFor(({ context, enqueue }, e: EventOf<'SURVIVAL_ENDED'>) => {
      const child = context.commitments[e.commitmentId];
      if (child) enqueue.sendTo(child, { type: 'SURVIVAL_ENDED', at: e.at, on: dayOf(e.at) });
    }),
    terminateCommitments: enqueueFor(({ context, event, enqueue }) => {
      const on = context.termination?.on ?? dayOf(event.at);
      // v3: what counts from the end counts from the last day in force (`lastDayInForce`).
      const lastDay =
        rules.since(3) && context.termination
          ? lastDayInForce(context.rules, context.termination)
          : undefined;
      const terminate = {
        type: 'TERMINATE' as const,
        at: event.at,
        on,
        fulfilledKeepSurvival: rules.since(2),
        // How it ended, for a commitment that arises only if it ends in a given way.
        ...(context.termination ? { cause: endCauseOf(context.termination.cause) } : {}),
      };
      for (const child of Object.values(context.commitments)) {
        enqueue.sendTo(child, lastDay ? { ...terminate, lastDay } : terminate);
      }
    }),
  };
}
