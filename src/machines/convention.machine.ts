import { ActorRefFrom, and, assign, enqueueActions, setup, SnapshotFrom } from 'xstate';
import { Actor } from './actor';
import { IsoDate, IsoInstant, localDate } from './calendar';
import { CommitmentEvent, commitmentMachine } from './commitment.machine';
import {
  dayAfter,
  evaluationWindow,
  firstTerm,
  nextTerm,
  noticeDeadline,
  Term,
  terminationEffectiveOn,
} from './convention-dates';
import { Assessment, ConventionEvent, ConventionInput } from './convention.events';
import { ConventionDefinition } from './definition';
import { mayAct, partyOfSignatory } from './party-rules';

/** Bumped whenever a change to the machines could change the outcome of a stored history. */
export const MACHINE_VERSION = 1;

export interface Signature {
  signatoryId: string;
  partyId: string;
  userId: string;
  at: IsoInstant;
}

export interface Notice {
  partyId: string;
  userId: string;
  givenAt: IsoInstant;
  givenOn: IsoDate;
  effectiveOn: IsoDate;
  reason: string;
}

export interface EvaluationSubmission {
  partyId: string;
  userId: string;
  at: IsoInstant;
  assessments: Assessment[];
  summary: string | null;
}

export interface EvaluationRound {
  /** Sequence over the convention's whole life. */
  number: number;
  termNumber: number;
  /** Position of the window within its term (1-based). */
  index: number;
  opensOn: IsoDate;
  dueOn: IsoDate | null;
  submissions: EvaluationSubmission[];
  completedAt: IsoInstant | null;
}

export type TerminationCause = 'NOTICE' | 'EXPIRY' | 'EVALUATION';

export interface Termination {
  on: IsoDate;
  at: IsoInstant;
  cause: TerminationCause;
}

export type CommitmentRef = ActorRefFrom<typeof commitmentMachine>;

export interface ConventionContext extends ConventionInput {
  signatures: Signature[];
  effectiveOn: IsoDate | null;
  term: Term | null;
  notice: Notice | null;
  evaluation: EvaluationRound | null;
  termination: Termination | null;
  commitments: Record<string, CommitmentRef>;
}

type EventOf<T extends ConventionEvent['type']> = Extract<ConventionEvent, { type: T }>;

function dayOf(definition: ConventionDefinition, at: IsoInstant): IsoDate {
  return localDate(at, definition.timeZone);
}

function allSigned(definition: ConventionDefinition, signatures: Signature[]): boolean {
  return definition.parties.every((party) =>
    party.signatories.every((s) => signatures.some((sig) => sig.signatoryId === s.id)),
  );
}

function openRound(
  definition: ConventionDefinition,
  term: Term,
  index: number,
  previous: EvaluationRound | null,
): EvaluationRound | null {
  const window = evaluationWindow(definition, term, index);
  if (!window) return null;
  return {
    number: (previous?.number ?? 0) + 1,
    termNumber: term.number,
    index,
    opensOn: window.opensOn,
    dueOn: window.dueOn,
    submissions: [],
    completedAt: null,
  };
}

/** The window that follows the current round within the same term, if any. */
export function nextEvaluationWindow(
  definition: ConventionDefinition,
  context: Pick<ConventionContext, 'term' | 'evaluation'>,
): { opensOn: IsoDate } | null {
  if (!context.term || !context.evaluation) return null;
  if (context.evaluation.termNumber !== context.term.number) return null;
  return evaluationWindow(definition, context.term, context.evaluation.index + 1);
}

/** The commitment child's answer to the event the convention would forward to it. */
function childAccepts(context: ConventionContext, commitmentId: string, event: CommitmentEvent): boolean {
  const child = context.commitments[commitmentId];
  return child !== undefined && child.getSnapshot().can(event);
}

export function commitmentOwners(context: ConventionContext, commitmentId: string): string[] | undefined {
  return context.commitments[commitmentId]?.getSnapshot().context.owners;
}

export function createConventionMachine(definition: ConventionDefinition) {
  const zone = definition.timeZone;
  const mayActOn = ({ context, event }: { context: ConventionContext; event: ConventionEvent }) =>
    mayAct(definition, event.actor, event, (id) => commitmentOwners(context, id));

  return setup({
    types: {
      context: {} as ConventionContext,
      events: {} as ConventionEvent,
      input: {} as ConventionInput,
    },
    actors: { commitment: commitmentMachine },
    guards: {
      actorMayAct: mayActOn,
      signatoryHasNotSigned: ({ context, event }) =>
        event.type === 'SIGNATURE_GIVEN' &&
        partyOfSignatory(definition, event.signatoryId) !== undefined &&
        !context.signatures.some((s) => s.signatoryId === event.signatoryId),
      everySignatoryHasSigned: ({ context }) => allSigned(definition, context.signatures),
      effectiveDateReached: ({ context, event }) =>
        context.effectiveOn !== null && dayOf(definition, event.at) >= context.effectiveOn,
      commitmentAcceptsConfirmation: ({ context, event }) => {
        if (event.type !== 'COMMITMENT_CONFIRMED' || event.actor.partyId === null) return false;
        return childAccepts(context, event.commitmentId, confirmationFor(event, event.actor));
      },
      commitmentDueHasPassed: ({ context, event }) =>
        event.type === 'COMMITMENT_DUE_PASSED' &&
        childAccepts(context, event.commitmentId, {
          type: 'DUE_PASSED',
          at: event.at,
          on: dayOf(definition, event.at),
        }),
      evaluationOpenForParty: ({ context, event }) => {
        const round = context.evaluation;
        if (event.type !== 'EVALUATION_SUBMITTED' || !round || round.completedAt !== null) return false;
        if (dayOf(definition, event.at) < round.opensOn) return false;
        return !round.submissions.some((s) => s.partyId === event.actor.partyId);
      },
      assessmentsCoverCriteria: ({ event }) => {
        if (event.type !== 'EVALUATION_SUBMITTED' || !definition.evaluation) return false;
        const known = new Set(definition.evaluation.criteria.map((c) => c.id));
        const given = event.assessments.map((a) => a.criterion);
        return (
          given.every((c) => known.has(c)) &&
          new Set(given).size === given.length &&
          given.length === known.size
        );
      },
      evaluationComplete: ({ context }) => context.evaluation?.completedAt != null,
      evaluationThenContinue: () => definition.evaluation?.then === 'continue',
      evaluationThenRenew: () =>
        definition.evaluation?.then === 'renew' && definition.renewal.kind !== 'none',
      evaluationThenTerminate: () => definition.evaluation?.then === 'terminate',
      noticeAllowed: ({ context }) =>
        context.notice === null && definition.notice.kind !== 'none' && context.term !== null,
      noticeEffectiveDateReached: ({ context, event }) =>
        context.notice !== null && dayOf(definition, event.at) >= context.notice.effectiveOn,
      noticeDeadlinePassedWithoutNotice: ({ context, event }) => {
        if (!context.term) return false;
        const deadline = noticeDeadline(definition, context.term);
        if (deadline === null || dayOf(definition, event.at) <= deadline) return false;
        return context.notice === null || context.notice.givenOn > deadline;
      },
      termEndPassed: ({ context, event }) =>
        context.term?.endsOn != null && dayOf(definition, event.at) > context.term.endsOn,
      nextEvaluationWindowOpen: ({ context, event }) => {
        const next = nextEvaluationWindow(definition, context);
        return next !== null && dayOf(definition, event.at) >= next.opensOn;
      },
    },
    actions: {
      recordSignature: assign(({ context, event }) => {
        const e = event as EventOf<'SIGNATURE_GIVEN'>;
        const signature: Signature = {
          signatoryId: e.signatoryId,
          partyId: partyOfSignatory(definition, e.signatoryId) as string,
          userId: e.actor.userId,
          at: e.at,
        };
        return { signatures: [...context.signatures, signature] };
      }),
      fixEffectiveDate: assign(({ context }) => {
        const last = context.signatures[context.signatures.length - 1] as Signature;
        return { effectiveOn: context.agreedEffectiveOn ?? dayOf(definition, last.at) };
      }),
      beginFirstTerm: assign(({ context }) => {
        const term = firstTerm(definition, context.effectiveOn as IsoDate);
        return { term, evaluation: openRound(definition, term, 1, null) };
      }),
      startCommitments: enqueueActions(({ context, enqueue }) => {
        for (const child of Object.values(context.commitments)) {
          enqueue.sendTo(child, { type: 'START', startsOn: context.effectiveOn as IsoDate });
        }
      }),
      forwardConfirmation: enqueueActions(({ context, event, enqueue }) => {
        const e = event as EventOf<'COMMITMENT_CONFIRMED'>;
        enqueue.sendTo(context.commitments[e.commitmentId] as CommitmentRef, confirmationFor(e, e.actor));
      }),
      forwardDuePassed: enqueueActions(({ context, event, enqueue }) => {
        const e = event as EventOf<'COMMITMENT_DUE_PASSED'>;
        enqueue.sendTo(context.commitments[e.commitmentId] as CommitmentRef, {
          type: 'DUE_PASSED',
          at: e.at,
          on: dayOf(definition, e.at),
        });
      }),
      recordSubmission: assign(({ context, event }) => {
        const e = event as EventOf<'EVALUATION_SUBMITTED'>;
        const round = context.evaluation as EvaluationRound;
        const submissions = [
          ...round.submissions,
          {
            partyId: e.actor.partyId as string,
            userId: e.actor.userId,
            at: e.at,
            assessments: e.assessments,
            summary: e.summary,
          },
        ];
        const complete = (definition.evaluation?.parties ?? []).every((p) =>
          submissions.some((s) => s.partyId === p),
        );
        return { evaluation: { ...round, submissions, completedAt: complete ? e.at : null } };
      }),
      openNextEvaluation: assign(({ context }) => {
        const round = context.evaluation as EvaluationRound;
        return {
          evaluation: openRound(definition, context.term as Term, round.index + 1, round),
        };
      }),
      recordNotice: assign(({ context, event }) => {
        const e = event as EventOf<'NOTICE_GIVEN'>;
        const givenOn = dayOf(definition, e.at);
        const effectiveOn = terminationEffectiveOn(
          definition,
          context.effectiveOn as IsoDate,
          context.term as Term,
          givenOn,
        ) as IsoDate;
        const notice: Notice = {
          partyId: e.actor.partyId as string,
          userId: e.actor.userId,
          givenAt: e.at,
          givenOn,
          effectiveOn,
          reason: e.reason,
        };
        return { notice };
      }),
      beginNextTerm: assign(({ context }) => {
        const term = nextTerm(definition, context.term as Term);
        return { term, evaluation: openRound(definition, term, 1, context.evaluation) };
      }),
      terminateByNotice: assign(({ context, event }) => ({
        termination: { on: (context.notice as Notice).effectiveOn, at: event.at, cause: 'NOTICE' as const },
      })),
      terminateByExpiry: assign(({ context, event }) => ({
        termination: {
          on: dayAfter(definition, (context.term as Term).endsOn as IsoDate),
          at: event.at,
          cause: 'EXPIRY' as const,
        },
      })),
      terminateByEvaluation: assign(({ event }) => ({
        termination: { on: dayOf(definition, event.at), at: event.at, cause: 'EVALUATION' as const },
      })),
      terminateCommitments: enqueueActions(({ context, event, enqueue }) => {
        for (const child of Object.values(context.commitments)) {
          enqueue.sendTo(child, { type: 'TERMINATE', at: event.at });
        }
      }),
    },
  }).createMachine({
    id: 'convention',
    context: ({ input, spawn }) => ({
      ...input,
      signatures: [],
      effectiveOn: null,
      term: null,
      notice: null,
      evaluation: null,
      termination: null,
      commitments: Object.fromEntries(
        definition.commitments.map((c) => [
          c.id,
          spawn('commitment', {
            id: c.id,
            input: {
              id: c.id,
              owners: c.owners,
              shape: c.shape,
              due: c.due ?? null,
              every: c.every ?? null,
              atLeast: c.atLeast ?? 1,
              timeZone: zone,
            },
          }),
        ]),
      ),
    }),
    initial: 'draft',
    states: {
      draft: {
        always: { guard: 'everySignatoryHasSigned', target: 'signed', actions: 'fixEffectiveDate' },
        on: {
          SIGNATURE_GIVEN: {
            guard: and(['actorMayAct', 'signatoryHasNotSigned']),
            actions: 'recordSignature',
          },
        },
      },
      signed: {
        on: {
          EFFECTIVE_DATE_REACHED: {
            guard: and(['actorMayAct', 'effectiveDateReached']),
            target: 'inForce',
            actions: ['beginFirstTerm', 'startCommitments'],
          },
        },
      },
      inForce: {
        initial: 'active',
        on: {
          COMMITMENT_CONFIRMED: {
            guard: and(['actorMayAct', 'commitmentAcceptsConfirmation']),
            actions: 'forwardConfirmation',
          },
          COMMITMENT_DUE_PASSED: {
            guard: and(['actorMayAct', 'commitmentDueHasPassed']),
            actions: 'forwardDuePassed',
          },
          EVALUATION_SUBMITTED: {
            guard: and(['actorMayAct', 'evaluationOpenForParty', 'assessmentsCoverCriteria']),
            actions: 'recordSubmission',
          },
          NOTICE_GIVEN: { guard: and(['actorMayAct', 'noticeAllowed']), actions: 'recordNotice' },
          TERMINATION_TOOK_EFFECT: {
            guard: and(['actorMayAct', 'noticeEffectiveDateReached']),
            target: 'terminated',
            actions: 'terminateByNotice',
          },
        },
        states: {
          active: {
            always: [
              { guard: and(['evaluationComplete', 'evaluationThenContinue']), target: 'evaluated' },
              { guard: and(['evaluationComplete', 'evaluationThenRenew']), target: 'renewed' },
              {
                guard: and(['evaluationComplete', 'evaluationThenTerminate']),
                target: '#convention.terminated',
                actions: 'terminateByEvaluation',
              },
            ],
            on: {
              NOTICE_DEADLINE_PASSED: {
                guard: and(['actorMayAct', 'noticeDeadlinePassedWithoutNotice']),
                target: 'renewed',
              },
              TERM_ENDED: {
                guard: and(['actorMayAct', 'termEndPassed']),
                target: '#convention.terminated',
                actions: 'terminateByExpiry',
              },
            },
          },
          evaluated: {
            on: {
              EVALUATION_PERIOD_OPENED: {
                guard: and(['actorMayAct', 'nextEvaluationWindowOpen']),
                target: 'active',
                actions: 'openNextEvaluation',
              },
              NOTICE_DEADLINE_PASSED: {
                guard: and(['actorMayAct', 'noticeDeadlinePassedWithoutNotice']),
                target: 'renewed',
              },
              TERM_ENDED: {
                guard: and(['actorMayAct', 'termEndPassed']),
                target: '#convention.terminated',
                actions: 'terminateByExpiry',
              },
            },
          },
          renewed: {
            on: {
              TERM_ENDED: {
                guard: and(['actorMayAct', 'termEndPassed']),
                target: 'active',
                actions: 'beginNextTerm',
              },
            },
          },
        },
      },
      // Not `final`: a final machine stops its children and they would vanish from snapshots.
      terminated: {
        entry: 'terminateCommitments',
      },
    },
  });
}

export type ConventionMachine = ReturnType<typeof createConventionMachine>;
export type ConventionSnapshot = SnapshotFrom<ConventionMachine>;

function confirmationFor(
  event: EventOf<'COMMITMENT_CONFIRMED'>,
  actor: Actor,
): Extract<CommitmentEvent, { type: 'CONFIRM' }> {
  return {
    type: 'CONFIRM',
    partyId: actor.partyId as string,
    userId: actor.userId,
    at: event.at,
    note: event.note,
    evidenceUrl: event.evidenceUrl,
  };
}
