import { ConventionContext } from '../convention.context';
import { CheckRefusal, dayIn, EventOf, invalid, Roster } from './refusal';

/** A formal notice: the text provides for one, on a current commitment in breach, once at a time. */
export function checkFormalNotice(
  roster: Roster,
  context: Pick<ConventionContext, 'rules' | 'terms' | 'commitments' | 'formalNotices'>,
  event: EventOf<'FORMAL_NOTICE_SERVED'>,
): CheckRefusal | undefined {
  if (!context.rules.breach) return invalid('this convention provides for no formal notice');
  const { commitmentId } = event;
  const terms = context.terms[commitmentId];
  const child = context.commitments[commitmentId]?.getSnapshot();
  if (!terms || terms.supersededBy !== null || !child) {
    return invalid(`no current commitment ${commitmentId}`, { commitmentId });
  }
  if (context.formalNotices.some((n) => n.commitmentId === commitmentId && n.status === 'OPEN')) {
    return invalid(`a formal notice on ${commitmentId} is already running`, { commitmentId });
  }
  const today = dayIn(roster, event.at);
  const inBreach =
    child.value === 'violated' ||
    (child.value === 'inEffect' &&
      child.context.occurrences.some((o) => o.status === 'VIOLATED' && o.dueOn < today));
  if (!inBreach) return invalid(`commitment ${commitmentId} is not in breach`, { commitmentId });
  return undefined;
}
