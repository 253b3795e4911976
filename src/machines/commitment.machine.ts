import { and, assign, setup } from 'xstate';
import { addDays, IsoDate, IsoInstant, localDate } from './calendar';
import { CommitmentShape, EndCause, SURVIVES_WITHOUT_LIMIT } from './definition';
import {
  closeOpenOccurrence,
  currentOccurrence,
  lastPeriodStillOwed,
  meetingOccurrence,
  occurrenceAt,
} from './occurrence-dates';
import { lastDayOf, lastDayOfMonth, survivalEnd } from './period-end';
import { lateOneOff, opensNextAtOnce } from './late-start';
import { curedLate, lateCure } from './commitment-late-cure';

/**
 * One commitment of a convention, spawned as a child actor of the convention machine.
 * States follow Symboleo's obligation lifecycle: scheduled → inEffect ⇄ suspended →
 * fulfilled | violated | waived | terminated; a commitment that arises only if the convention
 * ends in a given way (`onlyIfEndedBy`) goes from scheduled to lapsed when it ends otherwise,
 * as Symboleo's obligation whose antecedent never held. No state is `final`: a final child would be
 * stopped and dropped from the parent's persisted snapshot.
 */

export interface Confirmation {
  partyId: string;
  /**
   * Who confirmed for the party. Null for a party that a committee meeting's record names
   * without a record of its own (rules v3).
   */
  userId: string | null;
  at: IsoInstant;
  note: string | null;
  evidenceUrl: string | null;
}

/** NOT_OWED: closed unfulfilled while its condition (`if`) was not met: not owed, not missed. */
export const OCCURRENCE_STATUSES = ['IN_EFFECT', 'FULFILLED', 'VIOLATED', 'TERMINATED', 'NOT_OWED'] as const;
export type OccurrenceStatus = (typeof OCCURRENCE_STATUSES)[number];

/** One period of a recurring commitment. */
export interface Occurrence {
  index: number;
  startsOn: IsoDate;
  dueOn: IsoDate;
  status: OccurrenceStatus;
  /** Completed fulfilments in this period (each one confirmed by every owner, or a meeting). */
  fulfilments: Confirmation[][];
  /**
   * `dueAfterPeriod` only: the period the occurrence covers (January), while `startsOn`–`dueOn`
   * is when it is owed (11 January to 10 February). Absent otherwise: the period is
   * `startsOn`–`dueOn` (stored snapshots of other commitments are unchanged).
   */
  periodStartsOn?: IsoDate;
  periodEndsOn?: IsoDate;
  /**
   * Rules v4: it fell due before the convention was signed (or within the grace after): due at
   * the grace's end instead of `dueUnderTermsOn`. Absent otherwise.
   */
  late?: true;
  dueUnderTermsOn?: IsoDate;
}

export interface CommitmentInput {
  id: string;
  owners: string[];
  shape: CommitmentShape;
  /** One-off: due this long after it starts (the convention's start, or its end). */
  due: string | null;
  /** `start` (default) or `end`: a commitment due after the convention ends starts at the end. */
  dueFrom: 'start' | 'end';
  /**
   * One-off: due on this date, included (« au plus tard le 31 décembre 2025 »), whenever it
   * starts. Present only when the terms state it.
   */
  dueBy?: IsoDate;
  /**
   * `dueFrom: end` only: it arises only when the convention ends by one of these causes; ended
   * otherwise, it lapses. Present only when the terms state it.
   */
  onlyIfEndedBy?: EndCause[];
  /**
   * One-off: owed only once this commitment (its lineage) is fulfilled: it waits, scheduled,
   * until `OPEN`. Present only when the terms state it.
   */
  after?: string;
  every: string | null;
  /**
   * Recurring with `every`: each occurrence is due this long after its period's last day
   * (« au plus tard le 10 du mois suivant »: P10D). Present only when the terms state it.
   */
  dueAfterPeriod?: string;
  /** `due` / `dueAfterPeriod` reach a month: due on its last day. Present only when stated. */
  dueAtMonthEnd?: true;
  /** Recurring on a calendar date each year (`04-30`: « avant le 30 avril de chaque année »). */
  dueEachYearOn: string | null;
  /**
   * Recurring on the eve of a calendar date each year (`04-30`: « avant le 30 avril de chaque
   * année », due on 29 April). Present only when the terms state it.
   */
  dueEachYearBefore?: string;
  atLeast: number;
  /** Stays in effect this long after the convention ends (confidentiality); `unlimited`: for good. */
  survives: string | null;
  timeZone: string;
}

export interface CommitmentContext extends CommitmentInput {
  startedOn: IsoDate | null;
  dueOn: IsoDate | null;
  /** Owners' confirmations of the pending fulfilment (or of the fulfilment, once fulfilled). */
  confirmations: Confirmation[];
  fulfilledAt: IsoInstant | null;
  endedAt: IsoInstant | null;
  /** Last day a surviving commitment stays in effect after the convention ended. */
  survivesUntil: IsoDate | null;
  /**
   * `survives: unlimited`, once the convention ended: it stays in effect for good, with no
   * `survivesUntil`. Absent otherwise (stored snapshots of other commitments are unchanged).
   */
  survivesWithoutLimit?: true;
  suspendedOn: IsoDate | null;
  occurrences: Occurrence[];
  /** No period follows the last one: the convention ends with it. */
  occurrencesEnded: boolean;
  /** Rules v3: periods end as `period-end.ts` counts them. Absent under v1 and v2. */
  periodsV3?: true;
  /**
   * `dueAfterPeriod`: the convention ended after the period of the open occurrence, before its
   * due date: that occurrence is still owed, and closing it ends the commitment. Absent otherwise.
   */
  owedAfterEnd?: true;
  /**
   * Rules v4, a convention in force before its signature: the last day of the grace after the
   * signature, when what fell due before it is due (`late-start.ts`). Absent otherwise.
   */
  lateDueOn?: IsoDate;
  /** A one-off due before `lateDueOn`: due then, flagged late (its terms' date kept beside). */
  late?: true;
  dueUnderTermsOn?: IsoDate;
}

export type CommitmentEvent =
  /** `periodsV3` (rules v3): the commitment counts its periods as `period-end.ts` does. */
  /**
   * `afterFulfilledOn`: a commitment with `after` whose predecessor was already fulfilled that
   * day (a new version spawned by an amendment) starts at once, its `due` counted from then.
   */
  /** `lateDueOn` (rules v4): what falls due before that day is due then, late (`late-start.ts`). */
  | { type: 'START'; startsOn: IsoDate; periodsV3?: true; afterFulfilledOn?: IsoDate; lateDueOn?: IsoDate }
  /** The commitment it comes `after` was fulfilled on `on`: it is owed from then. */
  | { type: 'OPEN'; on: IsoDate; periodsV3?: true }
  /**
   * `late`: a confirmation after a cure period left without effect, sent only under
   * `breach.termination: right` while the right to terminate is open: a VIOLATED one-off or
   * standing commitment accepts it (cured late); nothing else does differently.
   */
  | ({ type: 'CONFIRM'; late?: true } & Confirmation)
  /** A fulfilment that needs no owner's confirmation: a committee meeting held on `on`. */
  | { type: 'FULFIL'; on: IsoDate; confirmations: Confirmation[] }
  /**
   * `notOwed`: the closing occurrence's condition (`if`) was not met: NOT_OWED, not VIOLATED.
   * `openNext: false` closes the last period of a convention that is ending: no period follows. */
  | { type: 'DUE_PASSED'; at: IsoInstant; on: IsoDate; openNext?: boolean; notOwed?: true }
  | { type: 'REOPEN'; partyId: string; at: IsoInstant }
  | { type: 'WAIVE'; at: IsoInstant }
  | { type: 'SUSPEND'; on: IsoDate }
  | { type: 'RESUME'; on: IsoDate }
  /**
   * The convention ended on `on`. `fulfilledKeepSurvival` (rules v2): a fulfilled commitment
   * that survives stays owed until its survival ends, as an unconfirmed one does. `lastDay`
   * (rules v3): the convention's last day in force, from which periods after its end count.
   * `cause`: how it ended, which a commitment with `onlyIfEndedBy` reads.
   */
  | {
      type: 'TERMINATE';
      at: IsoInstant;
      on: IsoDate;
      fulfilledKeepSurvival?: boolean;
      lastDay?: IsoDate;
      cause?: EndCause;
    }
  | { type: 'SURVIVAL_ENDED'; at: IsoInstant; on: IsoDate }
  /** A formal notice gives the owner of a violated commitment until `dueOn` to perform. */
  | { type: 'CURE_OPENED'; dueOn: IsoDate }
  /** A creditor reported the breach of this standing duty (rules v2): it is violated. */
  | { type: 'BREACHED'; at: IsoInstant };

function withConfirmation(context: CommitmentContext, event: Confirmation): Confirmation[] {
  const { partyId, userId, at, note, evidenceUrl } = event;
  return [...context.confirmations, { partyId, userId, at, note, evidenceUrl }];
}

function allOwnersConfirmed(context: CommitmentContext, confirmations: Confirmation[]): boolean {
  return context.owners.every((owner) => confirmations.some((c) => c.partyId === owner));
}

/** A one-off's due date: its `dueBy`, or `due` counted from `countsFrom`; none without either. */
function oneOffDueOn(context: CommitmentContext, countsFrom: IsoDate): IsoDate | null {
  if (context.shape !== 'one-off') return null;
  if (context.dueBy) return context.dueBy;
  if (!context.due) return null;
  const due = lastDayOf({ after: countsFrom }, context.due, context.timeZone);
  return context.dueAtMonthEnd ? lastDayOfMonth(due) : due;
}

/**
 * The commitment starts on `startsOn`; a one-off `due` counts from `countsFrom` (the day the
 * convention took effect or, under v3 with `dueFrom: end`, its last day in force).
 */
function startFields(
  context: CommitmentContext,
  startsOn: IsoDate,
  countsFrom: IsoDate = startsOn,
  periodsV3?: true,
  lateDueOn?: IsoDate,
): Partial<CommitmentContext> {
  const v3 = periodsV3 ? { periodsV3 } : {};
  const v4 = lateDueOn ? { lateDueOn } : {};
  // The started context is built only for a recurring commitment's first period: a copy of a
  // context is costly (their shapes are many, see `context` below), and a one-off reads only
  // the `lateDueOn` it starts with.
  const started = context.shape === 'recurring' && { ...context, ...v3, ...v4, startedOn: startsOn };
  const dueOn = oneOffDueOn(context, countsFrom);
  return {
    ...v3,
    ...v4,
    startedOn: startsOn,
    dueOn,
    ...lateOneOff(lateDueOn ? v4 : context, dueOn),
    occurrences: started ? [occurrenceAt(started, 1, undefined)] : [],
  };
}

export const commitmentMachine = setup({
  types: {
    context: {} as CommitmentContext,
    events: {} as CommitmentEvent,
    input: {} as CommitmentInput,
  },
  guards: {
    isRecurring: ({ context }) => context.shape === 'recurring',
    curedLate: ({ context, event }) => curedLate(context, event),
    canConfirm: ({ context, event }) =>
      event.type === 'CONFIRM' &&
      context.owners.includes(event.partyId) &&
      !context.confirmations.some((c) => c.partyId === event.partyId) &&
      (context.shape !== 'recurring' || currentOccurrence(context) !== undefined),
    completesFulfilment: ({ context, event }) =>
      event.type === 'CONFIRM' && allOwnersConfirmed(context, withConfirmation(context, event)),
    meetingInCurrentPeriod: ({ context, event }) => {
      const occurrence = meetingOccurrence(context);
      return (
        event.type === 'FULFIL' &&
        context.shape === 'recurring' &&
        occurrence !== undefined &&
        event.on >= occurrence.startsOn &&
        event.on <= occurrence.dueOn
      );
    },
    // A standing duty has a due date only while a formal notice's cure period runs (v2).
    dueDatePassed: ({ context, event }) =>
      event.type === 'DUE_PASSED' &&
      (context.shape === 'one-off' || context.shape === 'standing') &&
      context.dueOn !== null &&
      event.on > context.dueOn,
    occurrencePeriodPassed: ({ context, event }) => {
      const occurrence = context.occurrences[context.occurrences.length - 1];
      return (
        event.type === 'DUE_PASSED' &&
        context.shape === 'recurring' &&
        !context.occurrencesEnded &&
        occurrence !== undefined &&
        event.on > occurrence.dueOn
      );
    },
    // Not once ended: a surviving commitment whose survival is over stays closed. (Under v1 a
    // fulfilled commitment never ends while it can be reopened: no change for v1 histories.)
    ownerReopensStanding: ({ context, event }) =>
      event.type === 'REOPEN' &&
      context.shape === 'standing' &&
      context.owners.includes(event.partyId) &&
      context.endedAt === null,
    standingBreached: ({ context, event }) => event.type === 'BREACHED' && context.shape === 'standing',
    startsAtEnd: ({ context }) => context.dueFrom === 'end',
    // `onlyIfEndedBy`: the convention ended by none of the causes listed, so it never arises.
    endedOtherwise: ({ context, event }) =>
      event.type === 'TERMINATE' &&
      context.onlyIfEndedBy !== undefined &&
      (event.cause === undefined || !context.onlyIfEndedBy.includes(event.cause)),
    waitsForPredecessor: ({ context, event }) =>
      context.after !== undefined && !(event.type === 'START' && event.afterFulfilledOn),
    comesAfter: ({ context }) => context.after !== undefined,
    survives: ({ context }) => context.survives !== null,
    lastPeriodStillOwed: ({ context, event }) => lastPeriodStillOwed(context, event),
    lastOccurrencePassed: ({ context, event }) => {
      const occurrence = context.occurrences[context.occurrences.length - 1];
      return (
        event.type === 'DUE_PASSED' &&
        context.owedAfterEnd === true &&
        occurrence !== undefined &&
        event.on > occurrence.dueOn
      );
    },
    fulfilledSurvives: ({ context, event }) =>
      event.type === 'TERMINATE' && event.fulfilledKeepSurvival === true && context.survives !== null,
    survivalOver: ({ context, event }) =>
      event.type === 'SURVIVAL_ENDED' && context.survivesUntil !== null && event.on > context.survivesUntil,
  },
  actions: {
    start: assign(({ context, event }) =>
      event.type === 'START'
        ? startFields(context, event.startsOn, event.afterFulfilledOn, event.periodsV3, event.lateDueOn)
        : {},
    ),
    open: assign(({ context, event }) =>
      event.type === 'OPEN' ? startFields(context, event.on, event.on, event.periodsV3) : {},
    ),
    // v3: « dans les quatre mois suivant l'échéance » counts from the last day in force (v1: from
    // the day after it, a day late).
    startAtEnd: assign(({ context, event }) =>
      event.type === 'TERMINATE'
        ? startFields(context, event.on, event.lastDay ?? event.on, event.lastDay ? true : undefined)
        : {},
    ),
    recordConfirmation: assign(({ context, event }) =>
      event.type === 'CONFIRM' ? { confirmations: withConfirmation(context, event) } : {},
    ),
    clearEnd: assign({ endedAt: null }),
    recordFulfilment: assign(({ context, event }) =>
      event.type === 'CONFIRM'
        ? { fulfilledAt: event.at, confirmations: withConfirmation(context, event) }
        : {},
    ),
    recordOccurrenceFulfilment: assign(({ context, event }) => {
      let fulfilment: Confirmation[];
      if (event.type === 'CONFIRM') fulfilment = withConfirmation(context, event);
      else if (event.type === 'FULFIL') fulfilment = event.confirmations;
      else return {};
      const occurrence = (
        event.type === 'FULFIL' ? meetingOccurrence(context) : currentOccurrence(context)
      ) as Occurrence;
      const fulfilments = [...occurrence.fulfilments, fulfilment];
      const updated: Occurrence = {
        ...occurrence,
        fulfilments,
        status: fulfilments.length >= context.atLeast ? 'FULFILLED' : 'IN_EFFECT',
      };
      const occurrences = [...context.occurrences.slice(0, -1), updated];
      // Rules v4: a late occurrence recorded, the next past one is owed at once (`late-start.ts`).
      const next = updated.late ? occurrenceAt(context, updated.index + 1, updated) : undefined;
      const on = event.type === 'FULFIL' ? event.on : localDate(event.at, context.timeZone);
      if (next && opensNextAtOnce(updated, next, on)) occurrences.push(next);
      return {
        confirmations: event.type === 'CONFIRM' ? [] : context.confirmations,
        occurrences,
      };
    }),
    closeOccurrenceAndOpenNext: assign(({ context, event }) => {
      const notOwed = event.type === 'DUE_PASSED' && event.notOwed === true;
      const occurrences = closeOpenOccurrence(context, notOwed ? 'NOT_OWED' : 'VIOLATED');
      const last = occurrences[occurrences.length - 1] as Occurrence;
      if (event.type === 'DUE_PASSED' && event.openNext === false) {
        return { confirmations: [], occurrences, occurrencesEnded: true };
      }
      return {
        confirmations: [],
        occurrences: [...occurrences, occurrenceAt(context, last.index + 1, last)],
      };
    }),
    // Only a standing commitment is reopened; its due date was a cure period's, now past.
    reopen: assign({ confirmations: [], fulfilledAt: null, dueOn: null }),
    recordBreach: assign(({ event }) =>
      event.type === 'BREACHED' ? { confirmations: [], fulfilledAt: null, endedAt: event.at } : {},
    ),
    keepLastOccurrenceOwed: assign({ owedAfterEnd: true as const }),
    closeLastOccurrence: assign(({ context, event }) => ({
      confirmations: [],
      occurrences: closeOpenOccurrence(
        context,
        event.type === 'DUE_PASSED' && event.notOwed === true ? 'NOT_OWED' : 'VIOLATED',
      ),
    })),
    terminateOpenOccurrence: assign(({ context }) => ({
      occurrences: closeOpenOccurrence(context, 'TERMINATED'),
    })),
    recordEnd: assign(({ event }) =>
      event.type === 'TERMINATE' ||
      event.type === 'DUE_PASSED' ||
      event.type === 'WAIVE' ||
      event.type === 'SURVIVAL_ENDED'
        ? { endedAt: event.at }
        : {},
    ),
    recordSurvival: assign(({ context, event }) => {
      if (event.type !== 'TERMINATE' || !context.survives) return {};
      if (context.survives === SURVIVES_WITHOUT_LIMIT) return { survivesWithoutLimit: true as const };
      return { survivesUntil: survivalEnd(context.survives, event.on, event.lastDay, context.timeZone) };
    }),
    recordSuspension: assign(({ event }) => (event.type === 'SUSPEND' ? { suspendedOn: event.on } : {})),
    /** Time lost to force majeure is given back: due dates move by the days suspended. */
    shiftForSuspension: assign(({ context, event }) => {
      if (event.type !== 'RESUME' || !context.suspendedOn) return {};
      const days = Math.round(
        (Date.parse(`${event.on}T00:00:00Z`) - Date.parse(`${context.suspendedOn}T00:00:00Z`)) / 86_400_000,
      );
      const zone = context.timeZone;
      const last = context.occurrences[context.occurrences.length - 1];
      return {
        suspendedOn: null,
        dueOn: context.dueOn ? addDays(context.dueOn, days, zone) : null,
        occurrences:
          last && last.status === 'IN_EFFECT'
            ? [...context.occurrences.slice(0, -1), { ...last, dueOn: addDays(last.dueOn, days, zone) }]
            : context.occurrences,
      };
    }),
  },
}).createMachine({
  id: 'commitment',
  // Object.assign, not a spread of the input: the inputs of a store's commitments have many
  // shapes (their optional fields), and past four V8 builds a spread's result shape anew each
  // time (about 17 µs a commitment, most of a convention's start). Same keys, same order.
  context: ({ input }): CommitmentContext =>
    Object.assign({}, input, {
      startedOn: null,
      dueOn: null,
      confirmations: [],
      fulfilledAt: null,
      endedAt: null,
      survivesUntil: null,
      suspendedOn: null,
      occurrences: [],
      occurrencesEnded: false,
    }),
  initial: 'scheduled',
  states: {
    scheduled: {
      on: {
        START: [
          { guard: 'startsAtEnd' },
          { guard: 'waitsForPredecessor' },
          { target: 'inEffect', actions: 'start' },
        ],
        OPEN: { guard: 'comesAfter', target: 'inEffect', actions: 'open' },
        WAIVE: { target: 'waived', actions: 'recordEnd' },
        TERMINATE: [
          { guard: 'endedOtherwise', target: 'lapsed', actions: 'recordEnd' },
          { guard: 'startsAtEnd', target: 'inEffect', actions: 'startAtEnd' },
          { target: 'terminated', actions: 'recordEnd' },
        ],
      },
    },
    inEffect: {
      on: {
        CONFIRM: [
          {
            guard: and(['canConfirm', 'isRecurring', 'completesFulfilment']),
            actions: 'recordOccurrenceFulfilment',
          },
          { guard: and(['canConfirm', 'isRecurring']), actions: 'recordConfirmation' },
          {
            guard: and(['canConfirm', 'completesFulfilment']),
            target: 'fulfilled',
            actions: 'recordFulfilment',
          },
          { guard: 'canConfirm', actions: 'recordConfirmation' },
        ],
        FULFIL: { guard: 'meetingInCurrentPeriod', actions: 'recordOccurrenceFulfilment' },
        DUE_PASSED: [
          { guard: 'dueDatePassed', target: 'violated', actions: 'recordEnd' },
          {
            guard: 'lastOccurrencePassed',
            target: 'terminated',
            actions: ['closeLastOccurrence', 'recordEnd'],
          },
          { guard: 'occurrencePeriodPassed', actions: 'closeOccurrenceAndOpenNext' },
        ],
        SUSPEND: { target: 'suspended', actions: 'recordSuspension' },
        WAIVE: { target: 'waived', actions: ['terminateOpenOccurrence', 'recordEnd'] },
        TERMINATE: [
          { guard: 'survives', actions: 'recordSurvival' },
          { guard: 'lastPeriodStillOwed', actions: 'keepLastOccurrenceOwed' },
          { target: 'terminated', actions: ['terminateOpenOccurrence', 'recordEnd'] },
        ],
        SURVIVAL_ENDED: { guard: 'survivalOver', target: 'fulfilled', actions: 'recordEnd' },
        BREACHED: { guard: 'standingBreached', target: 'violated', actions: 'recordBreach' },
      },
    },
    suspended: {
      on: {
        RESUME: { target: 'inEffect', actions: 'shiftForSuspension' },
        WAIVE: { target: 'waived', actions: ['terminateOpenOccurrence', 'recordEnd'] },
        TERMINATE: { target: 'terminated', actions: ['terminateOpenOccurrence', 'recordEnd'] },
      },
    },
    fulfilled: {
      on: {
        REOPEN: { guard: 'ownerReopensStanding', target: 'inEffect', actions: 'reopen' },
        // Survival is about the obligation, not about whether it was confirmed once (v2).
        TERMINATE: { guard: 'fulfilledSurvives', actions: 'recordSurvival' },
        SURVIVAL_ENDED: { guard: 'survivalOver', actions: 'recordEnd' },
        // A duty confirmed once can be breached later (v2).
        BREACHED: { guard: 'standingBreached', target: 'violated', actions: 'recordBreach' },
      },
    },
    violated: {
      on: {
        ...lateCure,
        CURE_OPENED: {
          guard: ({ context }) => context.shape !== 'recurring',
          target: 'inEffect',
          actions: assign(({ event }) =>
            event.type === 'CURE_OPENED' ? { dueOn: event.dueOn, endedAt: null } : {},
          ),
        },
      },
    },
    waived: {},
    terminated: {},
    // Never arose: the convention ended otherwise than `onlyIfEndedBy` says. Nothing is owed.
    lapsed: {},
  },
});
