import { IsoDate } from '../calendar';
import { checkInput, checkState, EventOf } from '../checks';
import { ConventionDefinition } from '../definition';
import { nextEvaluationWindow } from '../convention-queries';
import { assignContext, dayIn, Guard, rosterOf } from './kit';
import { ConventionContext, EvaluationRound } from '../convention.context';
import { Term } from '../convention-dates';
import { openRound } from '../convention-queries';

/** Evaluation rounds: submissions, the round completing, falling overdue, the next window. */

type EvaluationContext = Pick<
  ConventionContext,
  'evaluation' | 'pastEvaluations' | 'rules' | 'rulesVersion' | 'term'
>;

/** The open round, which the transition's guard has checked. */
function currentRound(context: Pick<ConventionContext, 'evaluation'>): EvaluationRound {
  if (!context.evaluation) throw new Error('no evaluation round is open');
  return context.evaluation;
}

export function recordSubmission(
  context: EvaluationContext,
  e: EventOf<'EVALUATION_SUBMITTED'>,
): Pick<ConventionContext, 'evaluation'> {
  const round = currentRound(context);
  const submissions = [
    ...round.submissions,
    {
      partyId: e.actor.partyId ?? '',
      userId: e.actor.userId,
      at: e.at,
      assessments: e.assessments,
      summary: e.summary,
    },
  ];
  const complete = (context.rules.evaluation?.parties ?? []).every((p) =>
    submissions.some((s) => s.partyId === p),
  );
  return { evaluation: { ...round, submissions, completedAt: complete ? e.at : null } };
}

export function markOverdue(context: EvaluationContext, on: IsoDate): Pick<ConventionContext, 'evaluation'> {
  return { evaluation: { ...currentRound(context), overdueSince: on } };
}

export function openNextEvaluation(
  context: EvaluationContext & { term: Term | null },
): Pick<ConventionContext, 'evaluation' | 'pastEvaluations'> {
  const round = currentRound(context);
  if (!context.term) throw new Error('no term is running');
  return {
    pastEvaluations: [...context.pastEvaluations, round],
    evaluation: openRound(context, context.term, round.index + 1, round),
  };
}

export function evaluationGuards(definition: ConventionDefinition) {
  const roster = rosterOf(definition);
  const dayOf = dayIn(definition);
  const evaluationOpenForParty: Guard = ({ context, event }) =>
    event.type === 'EVALUATION_SUBMITTED' && checkState(roster, context, event) === undefined;
  const assessmentsCoverCriteria: Guard = ({ context, event }) =>
    event.type === 'EVALUATION_SUBMITTED' && checkInput(roster, context, event) === undefined;
  const evaluationComplete: Guard = ({ context }) => context.evaluation?.completedAt != null;
  const evaluationThenContinue: Guard = ({ context }) => context.rules.evaluation?.then === 'continue';
  const evaluationThenRenew: Guard = ({ context }) =>
    context.rules.evaluation?.then === 'renew' && context.rules.renewal.kind !== 'none';
  const evaluationThenTerminate: Guard = ({ context }) => context.rules.evaluation?.then === 'terminate';
  const evaluationDuePassed: Guard = ({ context, event }) => {
    const round = context.evaluation;
    return (
      round !== null &&
      round.completedAt === null &&
      round.overdueSince === null &&
      round.dueOn !== null &&
      dayOf(event.at) > round.dueOn
    );
  };
  const nextEvaluationWindowOpen: Guard = ({ context, event }) => {
    const next = nextEvaluationWindow(context);
    return next !== null && dayOf(event.at) >= next.opensOn;
  };
  return {
    evaluationOpenForParty,
    assessmentsCoverCriteria,
    evaluationComplete,
    evaluationThenContinue,
    evaluationThenRenew,
    evaluationThenTerminate,
    evaluationDuePassed,
    nextEvaluationWindowOpen,
  };
}

export function evaluationActions(definition: ConventionDefinition) {
  const dayOf = dayIn(definition);
  return {
    recordSubmission: assignContext(({ context }, e: EventOf<'EVALUATION_SUBMITTED'>) =>
      recordSubmission(context, e),
    ),
    markEvaluationOverdue: assignContext(({ context, event }) => markOverdue(context, dayOf(event.at))),
    openNextEvaluation: assignContext(({ context }) => openNextEvaluation(context)),
  };
}
