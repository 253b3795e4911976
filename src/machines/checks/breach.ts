import { ConventionContext } from '../convention.context';
import { CheckRefusal, dayIn, EventOf, invalid, Roster } from './refusal';
import { rulesOf } from '../rules-version';

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

/**
 * The breach of a standing duty (« utiliser les fonds uniquement pour le projet »), reported by a
 * creditor with its evidence (rules v2): the text provides for a formal notice, the commitment
 * is current, standing, in effect or fulfilled (a duty confirmed once can be breached later),
 * and no formal notice on it is running. Once reported the commitment is violated, and a
 * formal notice may be served on it as on a missed deadline.
 */
export function checkBreachReport(
  context: Pick<ConventionContext, 'rules' | 'rulesVersion' | 'terms' | 'commitments' | 'formalNotices'>,
  event: EventOf<'BREACH_REPORTED'>,
): CheckRefusal | undefined {
  if (!rulesOf(context.rulesVersion).since(2)) {
    return invalid(
      `reporting the breach of a standing duty comes with rules version 2; this convention runs under rules version ${context.rulesVersion}`,
    );
  }
  if (!context.rules.breach) return invalid('this convention provides for no formal notice');
  const { commitmentId } = event;
  const terms = context.terms[commitmentId];
  const child = context.commitments[commitmentId]?.getSnapshot();
  if (!terms || terms.supersededBy !== null || !child) {
    return invalid(`no current commitment ${commitmentId}`, { commitmentId });
  }
  if (child.context.shape !== 'standing') {
    return invalid(
      `commitment ${commitmentId} is ${child.context.shape}, not a standing duty: a missed deadline puts it in breach`,
      { commitmentId, shape: child.context.shape },
    );
  }
  if (context.formalNotices.some((n) => n.commitmentId === commitmentId && n.status === 'OPEN')) {
    return invalid(`a formal notice on ${commitmentId} is already running`, { commitmentId });
  }
  if (child.value === 'violated') {
    return invalid(`commitment ${commitmentId} is already in breach`, { commitmentId });
  }
  if (child.value !== 'inEffect' && child.value !== 'fulfilled') {
    return invalid(`commitment ${commitmentId} is not in effect`, {
      commitmentId,
      status: String(child.value),
    });
  }
  return undefined;
}
