import { addDays, nextAnniversary, subtractDuration } from '../calendar';
import { ConventionContext } from '../convention.context';
import { terminationEffectiveOn } from '../convention-dates';
import { CheckRefusal, dayIn, EventOf, invalid, Roster } from './refusal';

/** A notice: one per convention, given while in force and, where the text says so, in its window. */
export function checkNotice(
  roster: Roster,
  context: Pick<ConventionContext, 'notice' | 'term' | 'effectiveOn' | 'rules' | 'rulesVersion'>,
  event: EventOf<'NOTICE_GIVEN'>,
): CheckRefusal | undefined {
  if (context.notice !== null) {
    return invalid(
      `notice was already given on ${context.notice.givenOn}, effective on ${context.notice.effectiveOn}`,
      { givenOn: context.notice.givenOn, effectiveOn: context.notice.effectiveOn },
    );
  }
  if (context.term === null || context.effectiveOn === null) return invalid('the convention is not in force');
  const rules = context.rules;
  const today = dayIn(roster, event.at);
  if (terminationEffectiveOn(rules, context.effectiveOn, context.term, today, context.rulesVersion) !== null)
    return undefined;
  if (rules.notice.kind !== 'anniversary' || !rules.notice.window) {
    return invalid('this convention cannot be ended by notice');
  }
  // Outside the window: the next one opens `window` before the next anniversary.
  const anniversary = nextAnniversary(context.effectiveOn, today, rules.timeZone);
  const opensOn = subtractDuration(anniversary, rules.notice.window, rules.timeZone);
  const closesOn = addDays(anniversary, -1, rules.timeZone);
  return invalid(
    `notice may be given only in the ${rules.notice.window} before an anniversary: ` +
      `the next window opens on ${opensOn} and closes on ${closesOn}`,
    { opensOn, closesOn },
  );
}
