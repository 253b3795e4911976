import { and, not, setup, SnapshotFrom } from 'xstate';
import { EventOf } from './checks';
import { commitmentMachine } from './commitment.machine';
import { CommitmentTerms, ConventionContext, Suspension } from './convention.context';
import { commitmentInput } from './convention-queries';
import { ConventionEvent, ConventionInput } from './convention.events';
import { ConventionDefinition, ConventionRules } from './definition';
import { definitionBase } from './definition-base';
import { amendmentActions, amendmentGuards } from './convention/amendments';
import { breachActions, breachGuards } from './convention/breach';
import { commitmentActions, commitmentGuards } from './convention/commitments';
import { evaluationActions, evaluationGuards } from './convention/evaluation';
import { meetingActions, meetingGuards } from './convention/meetings';
import { noticeActions, noticeGuards } from './convention/notice';
import { partyGuards } from './convention/parties';
import { signatureActions, signatureGuards } from './convention/signature';
import { suspensionActions, suspensionGuards } from './convention/suspension';
import { termActions, termGuards } from './convention/term';

export * from './convention.context';
export * from './convention-queries';

/** Bumped whenever a change to the machines could change the outcome of a stored history. */
export const MACHINE_VERSION = 1;

/** Force majeure from a running state: commitments pause, and the state is kept to resume to. */
const suspendFrom = (resumeTo: Suspension['resumeTo']) =>
  ({
    guard: and(['actorMayAct', 'forceMajeureProvided']),
    target: 'suspended',
    actions: [{ type: 'recordSuspension', params: { resumeTo } }, 'suspendCommitments'],
  }) as const;

/**
 * What `active` and `evaluated` share while the next term is undecided: a renewal signed by
 * all, the notice deadline passing, the term ending, a suspension. (`renewed` shares only the
 * suspension: its next term is decided.)
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

export function createConventionMachine(definition: ConventionDefinition) {
  const zone = definition.timeZone;
  return setup({
    types: {
      context: {} as ConventionContext,
      events: {} as ConventionEvent,
      input: {} as ConventionInput,
    },
    actors: { commitment: commitmentMachine },
    guards: {
      ...partyGuards(definition),
      ...signatureGuards(definition),
      ...termGuards(definition),
      ...commitmentGuards(definition),
      ...evaluationGuards(definition),
      ...noticeGuards(definition),
      ...amendmentGuards(definition),
      ...meetingGuards(definition),
      ...breachGuards(definition),
      ...suspensionGuards(definition),
    },
    actions: {
      ...signatureActions(definition),
      ...termActions(definition),
      ...commitmentActions(definition),
      ...evaluationActions(definition),
      ...noticeActions(definition),
      ...amendmentActions(definition),
      ...meetingActions,
      ...breachActions(definition),
      ...suspensionActions(definition),
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
