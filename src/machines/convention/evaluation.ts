import { IsoDate } from '../calendar';
import { EventOf } from '../checks';
import { ConventionContext, EvaluationRound } from '../convention.context';
import { Term } from '../convention-dates';
import { openRound } from '../convention-queries';

/** Evaluation rounds: submissions, the round completing, falling overdue, the next window. */

type EvaluationContext = Pick<ConventionContext, 'evaluation' | 'pastEvaluations' | 'rules' | 'term'>;

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
    evaluation: openRound(context.rules, context.term, round.index + 1, round),
  };
}
