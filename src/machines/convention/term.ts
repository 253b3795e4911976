import { IsoDate } from '../calendar';
import { ConventionContext, TerminationCause } from '../convention.context';
import { dayAfter, firstTerm, nextTerm, renewalDecidedAfter } from '../convention-dates';
import { openRound } from '../convention-queries';
import { ConventionDefinition } from '../definition';
import { assignContext, dayIn, Guard, MachineArgs } from './kit';

/** Term and renewal: the convention takes effect, its terms run, renew, and it ends. */

export function termGuards(definition: ConventionDefinition) {
  const dayOf = dayIn(definition);
  const effectiveDateReached: Guard = ({ context, event }) =>
    context.effectiveOn !== null && dayOf(event.at) >= context.effectiveOn;
  const noticeDeadlinePassedWithoutNotice: Guard = ({ context, event }) => {
    if (!context.term) return false;
    const deadline = renewalDecidedAfter(context.rules, context.term, context.rulesVersion);
    if (deadline === null || dayOf(event.at) <= deadline) return false;
    return context.notice === null || context.notice.givenOn > deadline;
  };
  const termEndPassed: Guard = ({ context, event }) =>
    context.term?.endsOn != null && dayOf(event.at) > context.term.endsOn;
  return { effectiveDateReached, noticeDeadlinePassedWithoutNotice, termEndPassed };
}

/** The next term begins: the evaluation round of the last one is kept with the past ones. */
function beginNextTerm(
  context: Pick<ConventionContext, 'rules' | 'rulesVersion' | 'term' | 'evaluation' | 'pastEvaluations'>,
): Pick<ConventionContext, 'term' | 'pastEvaluations' | 'evaluation'> {
  if (!context.term) throw new Error('no term is running');
  const term = nextTerm(context.rules, context.term, context.rulesVersion);
  const past = context.evaluation
    ? [...context.pastEvaluations, context.evaluation]
    : context.pastEvaluations;
  return {
    term,
    pastEvaluations: past,
    evaluation: openRound(context, term, 1, context.evaluation),
  };
}

function required<T>(value: T | null | undefined, what: string): T {
  // The transition's guard has checked it.
  if (value === null || value === undefined) throw new Error(`no ${what}`);
  return value;
}

/** The convention ends, for a cause, on a day. */
function terminate(cause: TerminationCause, on: (args: MachineArgs) => IsoDate) {
  return assignContext(({ context, event }): Pick<ConventionContext, 'termination'> => ({
    termination: { on: on({ context, event }), at: event.at, cause },
  }));
}

export function termActions(definition: ConventionDefinition) {
  const dayOf = dayIn(definition);
  const today = ({ event }: MachineArgs) => dayOf(event.at);
  return {
    // The day agreed at creation, else the definition's `term.startsOn` (createConvention
    // records it as the agreed day), else the day of the last signature.
    fixEffectiveDate: assignContext(({ context }) => {
      const last = required(context.signatures.at(-1), 'signature');
      return { effectiveOn: context.agreedEffectiveOn ?? definition.term.startsOn ?? dayOf(last.at) };
    }),
    beginFirstTerm: assignContext(({ context }) => {
      const term = firstTerm(
        context.rules,
        required(context.effectiveOn, 'effective date'),
        context.rulesVersion,
      );
      return { term, evaluation: openRound(context, term, 1, null) };
    }),
    beginNextTerm: assignContext(({ context }) => beginNextTerm(context)),
    terminateByNotice: terminate('NOTICE', ({ context }) => required(context.notice, 'notice').effectiveOn),
    terminateByExpiry: terminate('EXPIRY', ({ context }) =>
      dayAfter(context.rules, required(context.term?.endsOn, 'term end')),
    ),
    terminateByEvaluation: terminate('EVALUATION', today),
    terminateByCompletion: terminate('COMPLETION', today),
    terminateByBreach: terminate('BREACH', today),
    terminateByForceMajeure: terminate('FORCE_MAJEURE', today),
  };
}
