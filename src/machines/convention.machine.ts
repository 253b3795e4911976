import { and, not, setup, SnapshotFrom } from 'xstate';
import { commitmentMachine } from './commitment.machine';
import { CommitmentTerms, ConventionContext, ConventionMachineInput, Suspension } from './convention.context';
import { commitmentInput } from './convention-queries';
import { ConventionEvent } from './convention.events';
import { Rules, rulesOf, RulesVersion } from './rules-version';
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

/**
 * The current rules version, bumped whenever a change to the machines could change the outcome
 * of a stored history; older conventions keep the version they were created with (rules-version.ts).
 */
export { MACHINE_VERSION } from './rules-version';

/** An action's params: the event itself, as its transition narrowed it. */
const theEvent = <E>({ event }: { event: E }) => event;
const duePassed =
  (renewed: boolean) =>
  <E>({ event }: { event: E }) => ({ renewed, event });

// Transitions shared by several states, written once.

/** Force majeure from a running state: commitments pause, and the state is kept to resume to. */
const suspendFrom = (resumeTo: Suspension['resumeTo']) =>
  ({
    guard: and(['actorMayAct', 'forceMajeureProvided']),
    target: 'suspended',
    actions: [{ type: 'recordSuspension', params: { resumeTo } }, 'suspendCommitments'],
  }) as const;

/** A confirmation goes to its commitment (in force, and after the end for what survives). */
const confirmCommitment = {
  guard: and(['actorMayAct', 'commitmentAcceptsConfirmation']),
  actions: { type: 'forwardConfirmation', params: theEvent },
} as const;

/** A due date passes; `renewed`: the next term is decided, recurring periods go on past this one. */
const commitmentDuePassed = (renewed: boolean) =>
  ({
    guard: and(['actorMayAct', 'commitmentDueHasPassed']),
    actions: { type: 'forwardDuePassed', params: duePassed(renewed) },
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
      actions: { type: 'recordAmendmentSignature', params: theEvent },
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

const resumesTo = (state: Suspension['resumeTo']) => ({ type: 'resumesTo', params: { state } }) as const;

// The lifecycle: draft → signed → inForce (active / evaluated / renewed / suspended) → terminated.

const draft = {
  always: { guard: 'everySignatoryHasSigned', target: 'signed', actions: 'fixEffectiveDate' },
  on: {
    SIGNATURE_GIVEN: {
      guard: and(['actorMayAct', 'signatoryHasNotSigned']),
      actions: { type: 'recordSignature', params: theEvent },
    },
  },
} as const;

const signed = {
  on: {
    EFFECTIVE_DATE_REACHED: {
      guard: and(['actorMayAct', 'effectiveDateReached']),
      target: 'inForce',
      actions: ['beginFirstTerm', 'startCommitments'],
    },
  },
} as const;

/** What may happen in force, whichever the inner state. */
const inForceTransitions = {
  COMMITMENT_CONFIRMED: [
    {
      guard: and(['actorMayAct', 'commitmentAcceptsConfirmation', 'confirmationCompletesDeliverables']),
      target: '#convention.terminated',
      actions: [{ type: 'forwardConfirmation', params: theEvent }, 'terminateByCompletion'],
    },
    // `breach.termination: right`: the owners cure late while the right to terminate is open.
    {
      guard: and(['actorMayAct', 'lateCureAccepted']),
      actions: { type: 'cureLate', params: theEvent },
    },
    confirmCommitment,
  ],
  COMMITMENT_DUE_PASSED: commitmentDuePassed(false),
  COMMITMENT_REOPENED: {
    guard: and(['actorMayAct', 'commitmentReopenable']),
    actions: { type: 'forwardReopen', params: theEvent },
  },
  EVALUATION_SUBMITTED: {
    guard: and(['actorMayAct', 'evaluationOpenForParty', 'assessmentsCoverCriteria']),
    actions: { type: 'recordSubmission', params: theEvent },
  },
  EVALUATION_DUE_PASSED: {
    guard: and(['actorMayAct', 'evaluationDuePassed']),
    actions: 'markEvaluationOverdue',
  },
  NOTICE_GIVEN: {
    guard: and(['actorMayAct', 'noticeAllowed']),
    actions: { type: 'recordNotice', params: theEvent },
  },
  TERMINATION_TOOK_EFFECT: {
    guard: and(['actorMayAct', 'noticeEffectiveDateReached']),
    target: 'terminated',
    actions: 'terminateByNotice',
  },
  AMENDMENT_PROPOSED: {
    guard: and(['actorMayAct', 'amendmentProposable']),
    actions: { type: 'recordAmendmentProposal', params: theEvent },
  },
  AMENDMENT_SIGNED: {
    guard: and(['actorMayAct', 'amendmentSignable']),
    actions: { type: 'recordAmendmentSignature', params: theEvent },
  },
  AMENDMENT_WITHDRAWN: {
    guard: and(['actorMayAct', 'amendmentWithdrawable']),
    actions: { type: 'recordAmendmentWithdrawal', params: theEvent },
  },
  AMENDMENT_TOOK_EFFECT: {
    guard: and(['actorMayAct', 'amendmentEffectiveDateReached']),
    actions: { type: 'applyAmendment', params: theEvent },
  },
  MEETING_RECORDED: {
    guard: and(['actorMayAct', 'meetingAccepted']),
    actions: { type: 'recordMeeting', params: theEvent },
  },
  FORMAL_NOTICE_SERVED: {
    guard: and(['actorMayAct', 'formalNoticeAllowed']),
    actions: { type: 'serveFormalNotice', params: theEvent },
  },
  BREACH_REPORTED: {
    guard: and(['actorMayAct', 'breachReportAllowed']),
    actions: { type: 'reportBreach', params: theEvent },
  },
  // Taken in every state in force, so that a refusal says why (checkTerminationRight).
  TERMINATION_EXERCISED: {
    guard: and(['actorMayAct', 'terminationRightHeld']),
    target: 'terminated',
    actions: 'terminateByRight',
  },
  CURE_PERIOD_ENDED: [
    {
      guard: and(['actorMayAct', 'curePeriodEnded', 'breachCured']),
      actions: { type: 'settleFormalNotice', params: theEvent },
    },
    // `breach.termination: right`: left without effect, the notice opens the right to terminate.
    {
      guard: and(['actorMayAct', 'curePeriodEnded', 'breachTerminationIsRight']),
      actions: { type: 'settleFormalNotice', params: theEvent },
    },
    {
      guard: and(['actorMayAct', 'curePeriodEnded']),
      target: 'terminated',
      actions: [{ type: 'settleFormalNotice', params: theEvent }, 'terminateByBreach'],
    },
  ],
} as const;

const active = {
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
} as const;

const evaluated = {
  on: {
    ...running('evaluated'),
    EVALUATION_PERIOD_OPENED: {
      guard: and(['actorMayAct', 'nextEvaluationWindowOpen']),
      target: 'active',
      actions: 'openNextEvaluation',
    },
  },
} as const;

const renewed = {
  on: {
    COMMITMENT_DUE_PASSED: commitmentDuePassed(true),
    // The next term is already decided: a second renewal would have nothing to renew.
    AMENDMENT_PROPOSED: { guard: 'proposesRenewal' },
    TERM_ENDED: {
      guard: and(['actorMayAct', 'termEndPassed']),
      target: 'active',
      actions: 'beginNextTerm',
    },
    CONVENTION_SUSPENDED: suspendFrom('renewed'),
  },
} as const;

/** Force majeure: commitments are suspended; the term keeps running. */
const suspended = {
  on: {
    CONVENTION_RESUMED: [
      { guard: and(['actorMayAct', resumesTo('renewed')]), target: 'renewed', actions: 'endSuspension' },
      { guard: and(['actorMayAct', resumesTo('evaluated')]), target: 'evaluated', actions: 'endSuspension' },
      { guard: 'actorMayAct', target: 'active', actions: 'endSuspension' },
    ],
    SUSPENSION_LIMIT_REACHED: [
      // « L'autre partie pourra résilier »: the convention stays suspended, the right opens.
      {
        guard: and(['actorMayAct', 'suspensionLimitReached', 'terminationIsRight']),
        actions: 'openTerminationRight',
      },
      {
        guard: and(['actorMayAct', 'suspensionLimitReached']),
        target: '#convention.terminated',
        actions: 'terminateByForceMajeure',
      },
    ],
    // The term keeps running: the renewal is decided and the next term begins as if
    // the convention were not suspended; it stays suspended meanwhile.
    AMENDMENT_SIGNED: {
      guard: and(['actorMayAct', 'amendmentSignable', 'signatureCompletesRenewal']),
      actions: [
        { type: 'recordAmendmentSignature', params: theEvent },
        { type: 'setResumeTo', params: { state: 'renewed' } },
      ],
    },
    NOTICE_DEADLINE_PASSED: {
      guard: and(['actorMayAct', 'noticeDeadlinePassedWithoutNotice', not(resumesTo('renewed'))]),
      actions: { type: 'setResumeTo', params: { state: 'renewed' } },
    },
    TERM_ENDED: [
      {
        guard: and(['actorMayAct', 'termEndPassed', resumesTo('renewed')]),
        actions: ['beginNextTerm', { type: 'setResumeTo', params: { state: 'active' } }],
      },
      {
        guard: and(['actorMayAct', 'termEndPassed']),
        target: '#convention.terminated',
        actions: 'terminateByExpiry',
      },
    ],
  },
} as const;

/**
 * Not `final`: a final machine stops its children and they would vanish from snapshots.
 * Commitments that survive the convention (or start at its end) still move here.
 */
const reopenSurviving = {
  guard: and(['actorMayAct', 'commitmentSurvives', 'commitmentReopenable']),
  actions: { type: 'forwardReopen', params: theEvent },
} as const;

const terminated = (rules: Rules) =>
  ({
    entry: ['lapsePendingAmendments', 'terminateCommitments'],
    on: {
      COMMITMENT_CONFIRMED: confirmCommitment,
      COMMITMENT_DUE_PASSED: commitmentDuePassed(false),
      // v2: a surviving commitment, confirmed before the end, is still owed until its survival
      // ends, so an owner may reopen it. v1 has no transition here (nothing to reopen after the end).
      COMMITMENT_REOPENED: rules.since(2) ? reopenSurviving : [],
      SURVIVAL_ENDED: {
        guard: and(['actorMayAct', 'survivalEnded']),
        actions: { type: 'forwardSurvivalEnd', params: theEvent },
      },
    },
  }) as const;

/** The machine of one definition under one rules version (`machineFor` builds each once). */
export function createConventionMachine(definition: ConventionDefinition, version: RulesVersion) {
  const zone = definition.timeZone;
  const rules = rulesOf(version);
  return setup({
    types: {
      context: {} as ConventionContext,
      events: {} as ConventionEvent,
      input: {} as ConventionMachineInput,
    },
    actors: { commitment: commitmentMachine },
    guards: {
      ...partyGuards(definition),
      ...signatureGuards(definition),
      ...termGuards(definition),
      ...commitmentGuards(definition, rules),
      ...evaluationGuards(definition),
      ...noticeGuards(definition),
      ...amendmentGuards(definition),
      ...meetingGuards(definition),
      ...breachGuards(definition),
      ...suspensionGuards(definition, rules),
    },
    actions: {
      ...signatureActions(definition),
      ...termActions(definition),
      ...commitmentActions(definition, rules),
      ...evaluationActions(definition),
      ...noticeActions(definition),
      ...amendmentActions(definition),
      ...meetingActions(definition, rules),
      ...breachActions(definition),
      ...suspensionActions(definition),
    },
  }).createMachine({
    id: 'convention',
    context: ({ input, spawn }) => {
      // Shared with every convention of this definition until an amendment replaces them.
      const base = definitionBase(definition, input.chosenOptions);
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
      draft,
      signed,
      inForce: {
        initial: 'active',
        on: inForceTransitions,
        states: { active, evaluated, renewed, suspended },
      },
      terminated: terminated(rules),
    },
  });
}

export type ConventionMachine = ReturnType<typeof createConventionMachine>;
export type ConventionSnapshot = SnapshotFrom<ConventionMachine>;
