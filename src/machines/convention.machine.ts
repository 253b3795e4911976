import { and, assign, enqueueActions, not, setup, SnapshotFrom } from 'xstate';
import { Actor } from './actor';
import { applyAmendment } from './amendments';
import * as amendments from './convention/amendments';
import * as breach from './convention/breach';
import * as meetings from './convention/meetings';
import * as evaluation from './convention/evaluation';
import * as notice from './convention/notice';
import * as signature from './convention/signature';
import { checkInput, checkState, Roster } from './checks';
import {
  allSigned,
  amendmentById,
  childAccepts,
  commitmentInput,
  committeeCommitment,
  commitmentOwners,
  nextEvaluationWindow,
  openFormalNotice,
  openRound,
  updateAmendment,
} from './convention-queries';
import { addDuration, IsoDate, IsoInstant, localDate } from './calendar';
import { CommitmentEvent, commitmentMachine } from './commitment.machine';
import {
  Amendment,
  CommitmentRef,
  CommitmentTerms,
  ConventionContext,
  Notice,
  Signature,
  Suspension,
  TerminationCause,
} from './convention.context';
import { dayAfter, firstTerm, noticeDeadline, recomputedTerm, Term } from './convention-dates';
import { ConventionEvent, ConventionInput } from './convention.events';
import { ConventionDefinition, ConventionRules } from './definition';
import { definitionBase } from './definition-base';
import { mayAct } from './party-rules';

export * from './convention.context';
export * from './convention-queries';

/** Bumped whenever a change to the machines could change the outcome of a stored history. */
export const MACHINE_VERSION = 1;

type EventOf<T extends ConventionEvent['type']> = Extract<ConventionEvent, { type: T }>;
type Args = { context: ConventionContext; event: ConventionEvent };

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

export function createConventionMachine(definition: ConventionDefinition) {
  const zone = definition.timeZone;
  const dayOf = (at: IsoInstant): IsoDate => localDate(at, zone);
  const roster: Roster = { parties: definition.parties, committees: definition.committees, timeZone: zone };

  const completesDeliverables = (context: ConventionContext, event: ConventionEvent): boolean => {
    const deliverables =
      context.rules.term.kind === 'open-ended' ? [] : (context.rules.term.endsWhenFulfilled ?? []);
    if (event.type !== 'COMMITMENT_CONFIRMED' || !deliverables.includes(event.commitmentId)) return false;
    const child = context.commitments[event.commitmentId]?.getSnapshot();
    if (!child) return false;
    const confirmed = [...child.context.confirmations.map((c) => c.partyId), event.actor.partyId];
    const completes = child.context.owners.every((o) => confirmed.includes(o));
    const othersDone = deliverables
      .filter((key) => key !== event.commitmentId)
      .every((key) => context.commitments[key]?.getSnapshot().value === 'fulfilled');
    return completes && othersDone;
  };

  const terminate =
    (cause: TerminationCause, on: (args: Args) => IsoDate) =>
    ({ context, event }: Args): Pick<ConventionContext, 'termination'> => ({
      termination: { on: on({ context, event }), at: event.at, cause },
    });

  /** Force majeure from a running state: commitments pause, and the state is kept to resume to. */
  const suspendFrom = (resumeTo: Suspension['resumeTo']) =>
    ({
      guard: and(['actorMayAct', 'forceMajeureProvided']),
      target: 'suspended',
      actions: [{ type: 'recordSuspension', params: { resumeTo } }, 'suspendCommitments'],
    }) as const;

  /**
   * What `active` and `evaluated` share while the next term is undecided: a renewal signed by
   * all, the notice deadline passing, the term ending, a suspension.
   */
  const running = (state: 'active' | 'evaluated') =>
    ({
      AMENDMENT_SIGNED: {
        guard: and(['actorMayAct', 'amendmentSignable', 'signatureCompletesRenewal']),
        target: 'renewed',
        actions: {
          type: 'recordAmendmentSignature',
          params: ({ event }: { event: EventOf<'AMENDMENT_SIGNED'> }) => event,
        },
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
      CONVENTION_SUSPENDED: suspendFrom(state),
    }) as const;

  return setup({
    types: {
      context: {} as ConventionContext,
      events: {} as ConventionEvent,
      input: {} as ConventionInput,
    },
    actors: { commitment: commitmentMachine },
    guards: {
      actorMayAct: ({ context, event }) =>
        mayAct(
          { parties: definition.parties, evaluation: context.rules.evaluation },
          event.actor,
          event,
          (id) => commitmentOwners(context, id),
        ),
      signatoryHasNotSigned: ({ context, event }) =>
        event.type === 'SIGNATURE_GIVEN' && checkState(roster, context, event) === undefined,
      everySignatoryHasSigned: ({ context }) => allSigned(definition, context.signatures),
      effectiveDateReached: ({ context, event }) =>
        context.effectiveOn !== null && dayOf(event.at) >= context.effectiveOn,
      commitmentAcceptsConfirmation: ({ context, event }) =>
        event.type === 'COMMITMENT_CONFIRMED' &&
        event.actor.partyId !== null &&
        childAccepts(context, event.commitmentId, confirmationFor(event, event.actor)),
      confirmationCompletesDeliverables: ({ context, event }) => completesDeliverables(context, event),
      commitmentDueHasPassed: ({ context, event }) =>
        event.type === 'COMMITMENT_DUE_PASSED' &&
        childAccepts(context, event.commitmentId, { type: 'DUE_PASSED', at: event.at, on: dayOf(event.at) }),
      commitmentReopenable: ({ context, event }) =>
        event.type === 'COMMITMENT_REOPENED' &&
        event.actor.partyId !== null &&
        childAccepts(context, event.commitmentId, {
          type: 'REOPEN',
          partyId: event.actor.partyId,
          at: event.at,
        }),
      survivalEnded: ({ context, event }) =>
        event.type === 'SURVIVAL_ENDED' &&
        childAccepts(context, event.commitmentId, {
          type: 'SURVIVAL_ENDED',
          at: event.at,
          on: dayOf(event.at),
        }),
      evaluationOpenForParty: ({ context, event }) =>
        event.type === 'EVALUATION_SUBMITTED' && checkState(roster, context, event) === undefined,
      assessmentsCoverCriteria: ({ context, event }) =>
        event.type === 'EVALUATION_SUBMITTED' && checkInput(roster, context, event) === undefined,
      evaluationComplete: ({ context }) => context.evaluation?.completedAt != null,
      evaluationThenContinue: ({ context }) => context.rules.evaluation?.then === 'continue',
      evaluationThenRenew: ({ context }) =>
        context.rules.evaluation?.then === 'renew' && context.rules.renewal.kind !== 'none',
      evaluationThenTerminate: ({ context }) => context.rules.evaluation?.then === 'terminate',
      evaluationDuePassed: ({ context, event }) => {
        const round = context.evaluation;
        return (
          round !== null &&
          round.completedAt === null &&
          round.overdueSince === null &&
          round.dueOn !== null &&
          dayOf(event.at) > round.dueOn
        );
      },
      noticeAllowed: ({ context, event }) =>
        event.type === 'NOTICE_GIVEN' && checkState(roster, context, event) === undefined,
      noticeEffectiveDateReached: ({ context, event }) =>
        context.notice !== null && dayOf(event.at) >= context.notice.effectiveOn,
      noticeDeadlinePassedWithoutNotice: ({ context, event }) => {
        if (!context.term) return false;
        const deadline = noticeDeadline(context.rules, context.term);
        if (deadline === null || dayOf(event.at) <= deadline) return false;
        return context.notice === null || context.notice.givenOn > deadline;
      },
      termEndPassed: ({ context, event }) =>
        context.term?.endsOn != null && dayOf(event.at) > context.term.endsOn,
      nextEvaluationWindowOpen: ({ context, event }) => {
        const next = nextEvaluationWindow(context);
        return next !== null && dayOf(event.at) >= next.opensOn;
      },
      amendmentProposable: ({ context, event }) =>
        event.type === 'AMENDMENT_PROPOSED' &&
        checkInput(roster, context, event) === undefined &&
        checkState(roster, context, event) === undefined,
      amendmentSignable: ({ context, event }) =>
        event.type === 'AMENDMENT_SIGNED' && checkState(roster, context, event) === undefined,
      signatureCompletesRenewal: ({ context, event }) => {
        if (event.type !== 'AMENDMENT_SIGNED') return false;
        const amendment = amendmentById(context, event.amendmentId);
        return (
          amendment?.kind === 'RENEWAL' &&
          allSigned(definition, [...amendment.signatures, { signatoryId: event.signatoryId }])
        );
      },
      proposesRenewal: ({ event }) => event.type === 'AMENDMENT_PROPOSED' && event.kind === 'RENEWAL',
      amendmentWithdrawable: ({ context, event }) =>
        event.type === 'AMENDMENT_WITHDRAWN' && checkState(roster, context, event) === undefined,
      amendmentEffectiveDateReached: ({ context, event }) => {
        if (event.type !== 'AMENDMENT_TOOK_EFFECT') return false;
        const amendment = amendmentById(context, event.amendmentId);
        if (amendment?.status !== 'SIGNED' || amendment.kind !== 'CHANGE') return false;
        return dayOf(event.at) >= (amendment.effectiveOn ?? dayOf(amendment.settledAt as IsoInstant));
      },
      meetingAccepted: ({ context, event }) =>
        event.type === 'MEETING_RECORDED' &&
        checkInput(roster, context, event) === undefined &&
        checkState(roster, context, event) === undefined,
      formalNoticeAllowed: ({ context, event }) =>
        event.type === 'FORMAL_NOTICE_SERVED' && checkState(roster, context, event) === undefined,
      curePeriodEnded: ({ context, event }) => {
        if (event.type !== 'CURE_PERIOD_ENDED') return false;
        const notice = openFormalNotice(context, event.commitmentId);
        return notice !== undefined && dayOf(event.at) > notice.cureBy;
      },
      breachCured: ({ context, event }) =>
        event.type === 'CURE_PERIOD_ENDED' && breach.breachCured(context, event.commitmentId),
      forceMajeureProvided: ({ context }) => context.rules.forceMajeure !== undefined,
      suspensionLimitReached: ({ context, event }) =>
        context.suspension?.limitOn != null && dayOf(event.at) >= context.suspension.limitOn,
      resumesTo: ({ context }, params: { state: Suspension['resumeTo'] }) =>
        context.suspension?.resumeTo === params.state,
    },
    actions: {
      recordSignature: assign(({ context }, event: EventOf<'SIGNATURE_GIVEN'>) =>
        signature.recordSignature(roster, context, event),
      ),
      fixEffectiveDate: assign(({ context }) => {
        const last = context.signatures[context.signatures.length - 1] as Signature;
        return { effectiveOn: context.agreedEffectiveOn ?? dayOf(last.at) };
      }),
      beginFirstTerm: assign(({ context }) => {
        const term = firstTerm(context.rules, context.effectiveOn as IsoDate);
        return { term, evaluation: openRound(context.rules, term, 1, null) };
      }),
      startCommitments: enqueueActions(({ context, enqueue }) => {
        for (const child of Object.values(context.commitments)) {
          enqueue.sendTo(child, { type: 'START', startsOn: context.effectiveOn as IsoDate });
        }
      }),
      forwardConfirmation: enqueueActions(({ context, enqueue }, e: EventOf<'COMMITMENT_CONFIRMED'>) => {
        enqueue.sendTo(context.commitments[e.commitmentId] as CommitmentRef, confirmationFor(e, e.actor));
      }),
      forwardDuePassed: enqueueActions(
        ({ context, enqueue }, params: { renewed: boolean; event: EventOf<'COMMITMENT_DUE_PASSED'> }) => {
          const e = params.event;
          const child = context.commitments[e.commitmentId] as CommitmentRef;
          const last = child.getSnapshot().context.occurrences.at(-1);
          // A period that would begin after the last term (not renewed) is not opened.
          const endsOn = context.term?.endsOn ?? null;
          const openNext =
            params.renewed || !last || endsOn === null || dayAfter(context.rules, last.dueOn) <= endsOn;
          enqueue.sendTo(child, { type: 'DUE_PASSED', at: e.at, on: dayOf(e.at), openNext });
        },
      ),
      forwardReopen: enqueueActions(({ context, enqueue }, e: EventOf<'COMMITMENT_REOPENED'>) => {
        enqueue.sendTo(context.commitments[e.commitmentId] as CommitmentRef, {
          type: 'REOPEN',
          partyId: e.actor.partyId as string,
          at: e.at,
        });
      }),
      forwardSurvivalEnd: enqueueActions(({ context, enqueue }, e: EventOf<'SURVIVAL_ENDED'>) => {
        enqueue.sendTo(context.commitments[e.commitmentId] as CommitmentRef, {
          type: 'SURVIVAL_ENDED',
          at: e.at,
          on: dayOf(e.at),
        });
      }),
      recordSubmission: assign(({ context }, e: EventOf<'EVALUATION_SUBMITTED'>) =>
        evaluation.recordSubmission(context, e),
      ),
      markEvaluationOverdue: assign(({ context, event }) => evaluation.markOverdue(context, dayOf(event.at))),
      openNextEvaluation: assign(({ context }) => evaluation.openNextEvaluation(context)),
      recordNotice: assign(({ context }, e: EventOf<'NOTICE_GIVEN'>) =>
        notice.recordNotice(context, e, dayOf(e.at)),
      ),
      beginNextTerm: assign(({ context }) => notice.beginNextTerm(context)),
      recordAmendmentProposal: assign(({ context }, e: EventOf<'AMENDMENT_PROPOSED'>) =>
        amendments.recordProposal(context, e),
      ),
      recordAmendmentSignature: assign(({ context }, e: EventOf<'AMENDMENT_SIGNED'>) =>
        amendments.recordSignature(roster, context, e),
      ),
      recordAmendmentWithdrawal: assign(({ context }, e: EventOf<'AMENDMENT_WITHDRAWN'>) =>
        amendments.recordWithdrawal(context, e),
      ),
      applyAmendment: enqueueActions(({ context, enqueue }, e: EventOf<'AMENDMENT_TOOK_EFFECT'>) => {
        const amendment = amendmentById(context, e.amendmentId) as Amendment;
        const applied = applyAmendment(amendment.id, amendment.changes, context.rules, context.terms);
        const startsOn = dayOf(e.at);
        enqueue.assign(({ spawn }) => ({
          rules: applied.rules,
          terms: applied.terms,
          term: context.term ? recomputedTerm(applied.rules, context.term) : null,
          amendments: updateAmendment(context, amendment.id, { status: 'APPLIED', diff: applied.diff }),
          commitments: {
            ...context.commitments,
            ...Object.fromEntries(
              applied.spawn.map((terms) => [
                terms.id,
                spawn('commitment', { id: terms.id, input: commitmentInput(terms, zone) }),
              ]),
            ),
          },
        }));
        for (const key of applied.discharge) {
          enqueue.sendTo(context.commitments[key] as CommitmentRef, { type: 'WAIVE', at: e.at });
        }
        for (const terms of applied.spawn) enqueue.sendTo(terms.id, { type: 'START', startsOn });
      }),
      lapsePendingAmendments: assign(({ context, event }) => amendments.lapsePending(context, event.at)),
      recordMeeting: enqueueActions(({ context, enqueue }, e: EventOf<'MEETING_RECORDED'>) => {
        const commitmentId = committeeCommitment(context, e.committee);
        const child = commitmentId === undefined ? undefined : context.commitments[commitmentId];
        if (commitmentId === undefined || !child) return;
        enqueue.assign({ meetings: [...context.meetings, meetings.meetingOf(e, commitmentId)] });
        enqueue.sendTo(child, meetings.fulfilmentOf(e));
      }),
      serveFormalNotice: enqueueActions(({ context, enqueue }, e: EventOf<'FORMAL_NOTICE_SERVED'>) => {
        const served = breach.formalNoticeOf(context, e, dayOf(e.at));
        const child = context.commitments[e.commitmentId];
        if (!child) return;
        enqueue.assign({ formalNotices: [...context.formalNotices, served] });
        enqueue.sendTo(child, { type: 'CURE_OPENED', dueOn: served.cureBy });
      }),
      settleFormalNotice: assign(({ context }, e: EventOf<'CURE_PERIOD_ENDED'>) =>
        breach.settleFormalNotice(context, e),
      ),
      /** What a suspended convention returns to changes when its next term is decided or begins. */
      setResumeTo: assign(({ context }, params: { state: Suspension['resumeTo'] }) => ({
        suspension: context.suspension ? { ...context.suspension, resumeTo: params.state } : null,
      })),
      recordSuspension: assign(({ context, event }, params: { resumeTo: Suspension['resumeTo'] }) => {
        const since = dayOf(event.at);
        const max = context.rules.forceMajeure?.maxSuspension;
        const reason = event.type === 'CONVENTION_SUSPENDED' ? event.reason : '';
        return {
          suspension: {
            partyId: event.actor.partyId as string,
            since,
            reason,
            limitOn: max ? addDuration(since, max, zone) : null,
            resumeTo: params.resumeTo,
          },
        };
      }),
      suspendCommitments: enqueueActions(({ context, event, enqueue }) => {
        for (const child of Object.values(context.commitments)) {
          enqueue.sendTo(child, { type: 'SUSPEND', on: dayOf(event.at) });
        }
      }),
      endSuspension: enqueueActions(({ context, event, enqueue }) => {
        enqueue.assign({ suspension: null });
        for (const child of Object.values(context.commitments)) {
          enqueue.sendTo(child, { type: 'RESUME', on: dayOf(event.at) });
        }
      }),
      terminateByNotice: assign(terminate('NOTICE', ({ context }) => (context.notice as Notice).effectiveOn)),
      terminateByExpiry: assign(
        terminate('EXPIRY', ({ context }) =>
          dayAfter(context.rules, (context.term as Term).endsOn as IsoDate),
        ),
      ),
      terminateByEvaluation: assign(terminate('EVALUATION', ({ event }) => dayOf(event.at))),
      terminateByCompletion: assign(terminate('COMPLETION', ({ event }) => dayOf(event.at))),
      terminateByBreach: assign(terminate('BREACH', ({ event }) => dayOf(event.at))),
      terminateByForceMajeure: assign(terminate('FORCE_MAJEURE', ({ event }) => dayOf(event.at))),
      terminateCommitments: enqueueActions(({ context, event, enqueue }) => {
        const on = context.termination?.on ?? dayOf(event.at);
        for (const child of Object.values(context.commitments)) {
          enqueue.sendTo(child, { type: 'TERMINATE', at: event.at, on });
        }
      }),
    },
  }).createMachine({
    id: 'convention',
    context: ({ input, spawn }) => {
      // Shared with every convention of this definition until an amendment replaces them.
      const base = definitionBase(definition);
      const terms = base.terms as Record<string, CommitmentTerms>;
      const rules = base.rules as ConventionRules;
      return {
        ...input,
        rules,
        terms,
        signatures: [],
        effectiveOn: null,
        term: null,
        notice: null,
        evaluation: null,
        pastEvaluations: [],
        amendments: [],
        meetings: [],
        formalNotices: [],
        suspension: null,
        termination: null,
        commitments: Object.fromEntries(
          Object.values(terms).map((t) => [
            t.id,
            spawn('commitment', { id: t.id, input: commitmentInput(t, zone) }),
          ]),
        ),
      };
    },
    initial: 'draft',
    states: {
      draft: {
        always: { guard: 'everySignatoryHasSigned', target: 'signed', actions: 'fixEffectiveDate' },
        on: {
          SIGNATURE_GIVEN: {
            guard: and(['actorMayAct', 'signatoryHasNotSigned']),
            actions: { type: 'recordSignature', params: ({ event }) => event },
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
          COMMITMENT_CONFIRMED: [
            {
              guard: and([
                'actorMayAct',
                'commitmentAcceptsConfirmation',
                'confirmationCompletesDeliverables',
              ]),
              target: '#convention.terminated',
              actions: [
                { type: 'forwardConfirmation', params: ({ event }) => event },
                'terminateByCompletion',
              ],
            },
            {
              guard: and(['actorMayAct', 'commitmentAcceptsConfirmation']),
              actions: { type: 'forwardConfirmation', params: ({ event }) => event },
            },
          ],
          COMMITMENT_DUE_PASSED: {
            guard: and(['actorMayAct', 'commitmentDueHasPassed']),
            actions: { type: 'forwardDuePassed', params: ({ event }) => ({ renewed: false, event }) },
          },
          COMMITMENT_REOPENED: {
            guard: and(['actorMayAct', 'commitmentReopenable']),
            actions: { type: 'forwardReopen', params: ({ event }) => event },
          },
          EVALUATION_SUBMITTED: {
            guard: and(['actorMayAct', 'evaluationOpenForParty', 'assessmentsCoverCriteria']),
            actions: { type: 'recordSubmission', params: ({ event }) => event },
          },
          EVALUATION_DUE_PASSED: {
            guard: and(['actorMayAct', 'evaluationDuePassed']),
            actions: 'markEvaluationOverdue',
          },
          NOTICE_GIVEN: {
            guard: and(['actorMayAct', 'noticeAllowed']),
            actions: { type: 'recordNotice', params: ({ event }) => event },
          },
          TERMINATION_TOOK_EFFECT: {
            guard: and(['actorMayAct', 'noticeEffectiveDateReached']),
            target: 'terminated',
            actions: 'terminateByNotice',
          },
          AMENDMENT_PROPOSED: {
            guard: and(['actorMayAct', 'amendmentProposable']),
            actions: { type: 'recordAmendmentProposal', params: ({ event }) => event },
          },
          AMENDMENT_SIGNED: {
            guard: and(['actorMayAct', 'amendmentSignable']),
            actions: { type: 'recordAmendmentSignature', params: ({ event }) => event },
          },
          AMENDMENT_WITHDRAWN: {
            guard: and(['actorMayAct', 'amendmentWithdrawable']),
            actions: { type: 'recordAmendmentWithdrawal', params: ({ event }) => event },
          },
          AMENDMENT_TOOK_EFFECT: {
            guard: and(['actorMayAct', 'amendmentEffectiveDateReached']),
            actions: { type: 'applyAmendment', params: ({ event }) => event },
          },
          MEETING_RECORDED: {
            guard: and(['actorMayAct', 'meetingAccepted']),
            actions: { type: 'recordMeeting', params: ({ event }) => event },
          },
          FORMAL_NOTICE_SERVED: {
            guard: and(['actorMayAct', 'formalNoticeAllowed']),
            actions: { type: 'serveFormalNotice', params: ({ event }) => event },
          },
          CURE_PERIOD_ENDED: [
            {
              guard: and(['actorMayAct', 'curePeriodEnded', 'breachCured']),
              actions: { type: 'settleFormalNotice', params: ({ event }) => event },
            },
            {
              guard: and(['actorMayAct', 'curePeriodEnded']),
              target: 'terminated',
              actions: [{ type: 'settleFormalNotice', params: ({ event }) => event }, 'terminateByBreach'],
            },
          ],
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
            on: running('active'),
          },
          evaluated: {
            on: {
              ...running('evaluated'),
              EVALUATION_PERIOD_OPENED: {
                guard: and(['actorMayAct', 'nextEvaluationWindowOpen']),
                target: 'active',
                actions: 'openNextEvaluation',
              },
            },
          },
          renewed: {
            on: {
              // The next term is decided: recurring periods go on past the end of this one.
              COMMITMENT_DUE_PASSED: {
                guard: and(['actorMayAct', 'commitmentDueHasPassed']),
                actions: { type: 'forwardDuePassed', params: ({ event }) => ({ renewed: true, event }) },
              },
              // The next term is already decided: a second renewal would have nothing to renew.
              AMENDMENT_PROPOSED: { guard: 'proposesRenewal' },
              TERM_ENDED: {
                guard: and(['actorMayAct', 'termEndPassed']),
                target: 'active',
                actions: 'beginNextTerm',
              },
              CONVENTION_SUSPENDED: suspendFrom('renewed'),
            },
          },
          // Force majeure: commitments are suspended; the term keeps running.
          suspended: {
            on: {
              CONVENTION_RESUMED: [
                {
                  guard: and(['actorMayAct', { type: 'resumesTo', params: { state: 'renewed' as const } }]),
                  target: 'renewed',
                  actions: 'endSuspension',
                },
                {
                  guard: and(['actorMayAct', { type: 'resumesTo', params: { state: 'evaluated' as const } }]),
                  target: 'evaluated',
                  actions: 'endSuspension',
                },
                { guard: 'actorMayAct', target: 'active', actions: 'endSuspension' },
              ],
              SUSPENSION_LIMIT_REACHED: {
                guard: and(['actorMayAct', 'suspensionLimitReached']),
                target: '#convention.terminated',
                actions: 'terminateByForceMajeure',
              },
              // The term keeps running: the renewal is decided and the next term begins as if
              // the convention were not suspended; it stays suspended meanwhile.
              AMENDMENT_SIGNED: {
                guard: and(['actorMayAct', 'amendmentSignable', 'signatureCompletesRenewal']),
                actions: [
                  { type: 'recordAmendmentSignature', params: ({ event }) => event },
                  { type: 'setResumeTo', params: { state: 'renewed' } },
                ],
              },
              NOTICE_DEADLINE_PASSED: {
                guard: and([
                  'actorMayAct',
                  'noticeDeadlinePassedWithoutNotice',
                  not({ type: 'resumesTo', params: { state: 'renewed' as const } }),
                ]),
                actions: { type: 'setResumeTo', params: { state: 'renewed' } },
              },
              TERM_ENDED: [
                {
                  guard: and([
                    'actorMayAct',
                    'termEndPassed',
                    { type: 'resumesTo', params: { state: 'renewed' as const } },
                  ]),
                  actions: ['beginNextTerm', { type: 'setResumeTo', params: { state: 'active' } }],
                },
                {
                  guard: and(['actorMayAct', 'termEndPassed']),
                  target: '#convention.terminated',
                  actions: 'terminateByExpiry',
                },
              ],
            },
          },
        },
      },
      // Not `final`: a final machine stops its children and they would vanish from snapshots.
      // Commitments that survive the convention (or start at its end) still move here.
      terminated: {
        entry: ['lapsePendingAmendments', 'terminateCommitments'],
        on: {
          COMMITMENT_CONFIRMED: {
            guard: and(['actorMayAct', 'commitmentAcceptsConfirmation']),
            actions: { type: 'forwardConfirmation', params: ({ event }) => event },
          },
          COMMITMENT_DUE_PASSED: {
            guard: and(['actorMayAct', 'commitmentDueHasPassed']),
            actions: { type: 'forwardDuePassed', params: ({ event }) => ({ renewed: false, event }) },
          },
          SURVIVAL_ENDED: {
            guard: and(['actorMayAct', 'survivalEnded']),
            actions: { type: 'forwardSurvivalEnd', params: ({ event }) => event },
          },
        },
      },
    },
  });
}

export type ConventionMachine = ReturnType<typeof createConventionMachine>;
export type ConventionSnapshot = SnapshotFrom<ConventionMachine>;
