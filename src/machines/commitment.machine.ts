import { and, assign, setup } from 'xstate';
import { addDays, addDuration, IsoDate, IsoInstant } from './calendar';
import { CommitmentShape } from './definition';

/**
 * One commitment of a convention, spawned as a child actor of the convention machine.
 * States follow Symboleo's obligation lifecycle: scheduled → inEffect → fulfilled |
 * violated | waived | terminated. No state is `final`: a final child would be stopped and
 * dropped from the parent's persisted snapshot.
 */

export interface Confirmation {
  partyId: string;
  userId: string;
  at: IsoInstant;
  note: string | null;
  evidenceUrl: string | null;
}

export type OccurrenceStatus = 'IN_EFFECT' | 'FULFILLED' | 'VIOLATED' | 'TERMINATED';

/** One period of a recurring commitment. */
export interface Occurrence {
  index: number;
  startsOn: IsoDate;
  dueOn: IsoDate;
  status: OccurrenceStatus;
  /** Completed fulfilments in this period (each one confirmed by every owner). */
  fulfilments: Confirmation[][];
}

export interface CommitmentInput {
  id: string;
  owners: string[];
  shape: CommitmentShape;
  due: string | null;
  every: string | null;
  atLeast: number;
  timeZone: string;
}

export interface CommitmentContext extends CommitmentInput {
  startedOn: IsoDate | null;
  dueOn: IsoDate | null;
  /** Owners' confirmations of the pending fulfilment. */
  confirmations: Confirmation[];
  fulfilledAt: IsoInstant | null;
  endedAt: IsoInstant | null;
  occurrences: Occurrence[];
}

export type CommitmentEvent =
  | { type: 'START'; startsOn: IsoDate }
  | ({ type: 'CONFIRM' } & Confirmation)
  | { type: 'DUE_PASSED'; at: IsoInstant; on: IsoDate }
  | { type: 'TERMINATE'; at: IsoInstant };

function currentOccurrence(context: CommitmentContext): Occurrence | undefined {
  const last = context.occurrences[context.occurrences.length - 1];
  return last?.status === 'IN_EFFECT' ? last : undefined;
}

function occurrenceAt(context: CommitmentContext, startsOn: IsoDate, index: number): Occurrence {
  const every = context.every as string;
  const base = context.startedOn ?? startsOn;
  const start = addDuration(base, every, context.timeZone, index - 1);
  const nextStart = addDuration(base, every, context.timeZone, index);
  return {
    index,
    startsOn: start,
    dueOn: addDays(nextStart, -1, context.timeZone),
    status: 'IN_EFFECT',
    fulfilments: [],
  };
}

function withConfirmation(context: CommitmentContext, event: Confirmation): Confirmation[] {
  const { partyId, userId, at, note, evidenceUrl } = event;
  return [...context.confirmations, { partyId, userId, at, note, evidenceUrl }];
}

function allOwnersConfirmed(context: CommitmentContext, confirmations: Confirmation[]): boolean {
  return context.owners.every((owner) => confirmations.some((c) => c.partyId === owner));
}

export const commitmentMachine = setup({
  types: {
    context: {} as CommitmentContext,
    events: {} as CommitmentEvent,
    input: {} as CommitmentInput,
  },
  guards: {
    isRecurring: ({ context }) => context.shape === 'recurring',
    canConfirm: ({ context, event }) =>
      event.type === 'CONFIRM' &&
      context.owners.includes(event.partyId) &&
      !context.confirmations.some((c) => c.partyId === event.partyId) &&
      (context.shape !== 'recurring' || currentOccurrence(context) !== undefined),
    completesFulfilment: ({ context, event }) =>
      event.type === 'CONFIRM' && allOwnersConfirmed(context, withConfirmation(context, event)),
    dueDatePassed: ({ context, event }) =>
      event.type === 'DUE_PASSED' &&
      context.shape === 'one-off' &&
      context.dueOn !== null &&
      event.on > context.dueOn,
    occurrencePeriodPassed: ({ context, event }) => {
      const occurrence = context.occurrences[context.occurrences.length - 1];
      return (
        event.type === 'DUE_PASSED' &&
        context.shape === 'recurring' &&
        occurrence !== undefined &&
        event.on > occurrence.dueOn
      );
    },
  },
  actions: {
    start: assign(({ context, event }) => {
      if (event.type !== 'START') return {};
      const startedOn = event.startsOn;
      const dueOn =
        context.shape === 'one-off' && context.due
          ? addDuration(startedOn, context.due, context.timeZone)
          : null;
      const occurrences =
        context.shape === 'recurring' ? [occurrenceAt({ ...context, startedOn }, startedOn, 1)] : [];
      return { startedOn, dueOn, occurrences };
    }),
    recordConfirmation: assign(({ context, event }) =>
      event.type === 'CONFIRM' ? { confirmations: withConfirmation(context, event) } : {},
    ),
    recordFulfilment: assign(({ context, event }) =>
      event.type === 'CONFIRM'
        ? { fulfilledAt: event.at, confirmations: withConfirmation(context, event) }
        : {},
    ),
    recordOccurrenceFulfilment: assign(({ context, event }) => {
      if (event.type !== 'CONFIRM') return {};
      const occurrence = currentOccurrence(context) as Occurrence;
      const fulfilments = [...occurrence.fulfilments, withConfirmation(context, event)];
      const updated: Occurrence = {
        ...occurrence,
        fulfilments,
        status: fulfilments.length >= context.atLeast ? 'FULFILLED' : 'IN_EFFECT',
      };
      return {
        confirmations: [],
        occurrences: [...context.occurrences.slice(0, -1), updated],
      };
    }),
    closeOccurrenceAndOpenNext: assign(({ context }) => {
      const last = context.occurrences[context.occurrences.length - 1] as Occurrence;
      const closed: Occurrence = last.status === 'IN_EFFECT' ? { ...last, status: 'VIOLATED' } : last;
      const next = occurrenceAt(context, context.startedOn as IsoDate, last.index + 1);
      return { confirmations: [], occurrences: [...context.occurrences.slice(0, -1), closed, next] };
    }),
    terminateOpenOccurrence: assign(({ context }) => {
      const last = context.occurrences[context.occurrences.length - 1];
      if (!last || last.status !== 'IN_EFFECT') return {};
      return { occurrences: [...context.occurrences.slice(0, -1), { ...last, status: 'TERMINATED' }] };
    }),
    recordEnd: assign(({ event }) =>
      event.type === 'TERMINATE' || event.type === 'DUE_PASSED' ? { endedAt: event.at } : {},
    ),
  },
}).createMachine({
  id: 'commitment',
  context: ({ input }) => ({
    ...input,
    startedOn: null,
    dueOn: null,
    confirmations: [],
    fulfilledAt: null,
    endedAt: null,
    occurrences: [],
  }),
  initial: 'scheduled',
  states: {
    scheduled: {
      on: {
        START: { target: 'inEffect', actions: 'start' },
        TERMINATE: { target: 'terminated', actions: 'recordEnd' },
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
        DUE_PASSED: [
          { guard: 'dueDatePassed', target: 'violated', actions: 'recordEnd' },
          { guard: 'occurrencePeriodPassed', actions: 'closeOccurrenceAndOpenNext' },
        ],
        TERMINATE: { target: 'terminated', actions: ['terminateOpenOccurrence', 'recordEnd'] },
      },
    },
    fulfilled: {},
    violated: {},
    waived: {},
    terminated: {},
  },
});
