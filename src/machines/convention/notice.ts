import { IsoDate } from '../calendar';
import { checkState, EventOf } from '../checks';
import { ConventionDefinition } from '../definition';
import { assignContext, dayIn, Guard, rosterOf } from './kit';
import { ConventionContext, Notice } from '../convention.context';
import { nextTerm, terminationEffectiveOn } from '../convention-dates';
import { openRound } from '../convention-queries';

/** Notice and renewal: a notice given, and the next term beginning. */

export function recordNotice(
  context: Pick<ConventionContext, 'rules' | 'effectiveOn' | 'term'>,
  e: EventOf<'NOTICE_GIVEN'>,
  givenOn: IsoDate,
): Pick<ConventionContext, 'notice'> {
  const effectiveOn =
    context.effectiveOn && context.term
      ? terminationEffectiveOn(context.rules, context.effectiveOn, context.term, givenOn)
      : null;
  // The notice check accepted the notice only when it has an effective date.
  if (effectiveOn === null) throw new Error('a notice given outside its window');
  const notice: Notice = {
    partyId: e.actor.partyId ?? '',
    userId: e.actor.userId,
    givenAt: e.at,
    givenOn,
    effectiveOn,
    reason: e.reason,
  };
  return { notice };
}

export function beginNextTerm(
  context: Pick<ConventionContext, 'rules' | 'term' | 'evaluation' | 'pastEvaluations'>,
): Pick<ConventionContext, 'term' | 'pastEvaluations' | 'evaluation'> {
  if (!context.term) throw new Error('no term is running');
  const term = nextTerm(context.rules, context.term);
  const past = context.evaluation
    ? [...context.pastEvaluations, context.evaluation]
    : context.pastEvaluations;
  return {
    term,
    pastEvaluations: past,
    evaluation: openRound(context.rules, term, 1, context.evaluation),
  };
}

export function noticeGuards(definition: ConventionDefinition) {
  const roster = rosterOf(definition);
  const dayOf = dayIn(definition);
  const noticeAllowed: Guard = ({ context, event }) =>
    event.type === 'NOTICE_GIVEN' && checkState(roster, context, event) === undefined;
  const noticeEffectiveDateReached: Guard = ({ context, event }) =>
    context.notice !== null && dayOf(event.at) >= context.notice.effectiveOn;
  return { noticeAllowed, noticeEffectiveDateReached };
}

export function noticeActions(definition: ConventionDefinition) {
  const dayOf = dayIn(definition);
  return {
    recordNotice: assignContext(({ context }, e: EventOf<'NOTICE_GIVEN'>) =>
      recordNotice(context, e, dayOf(e.at)),
    ),
  };
}
