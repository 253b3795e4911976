import { IsoDate } from '../calendar';
import { checkState, EventOf } from '../checks';
import { ConventionDefinition } from '../definition';
import { assignContext, dayIn, Guard, rosterOf } from './kit';
import { ConventionContext, Notice } from '../convention.context';
import { terminationEffectiveOn } from '../convention-dates';

/** Notice: a party gives notice, effective at the end of its window. */

export function recordNotice(
  context: Pick<ConventionContext, 'rules' | 'rulesVersion' | 'effectiveOn' | 'term'>,
  e: EventOf<'NOTICE_GIVEN'>,
  givenOn: IsoDate,
): Pick<ConventionContext, 'notice'> {
  const effectiveOn =
    context.effectiveOn && context.term
      ? terminationEffectiveOn(
          context.rules,
          context.effectiveOn,
          context.term,
          givenOn,
          context.rulesVersion,
        )
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
