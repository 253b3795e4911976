import { ConventionContext } from '../convention.context';
import { badInput, CheckRefusal, dayIn, EventOf, invalid, Roster } from './refusal';

/** The assessments of an evaluation: each criterion of the convention, once. */
export function checkAssessments(
  context: Pick<ConventionContext, 'rules'>,
  event: EventOf<'EVALUATION_SUBMITTED'>,
): CheckRefusal | undefined {
  const evaluation = context.rules.evaluation;
  if (!evaluation) return undefined;
  const criteria = evaluation.criteria.map((c) => c.id);
  const given = event.assessments.map((a) => a.criterion);
  const unknownCriteria = given.filter((c) => !criteria.includes(c));
  const missingCriteria = criteria.filter((c) => !given.includes(c));
  const duplicateCriteria = [...new Set(given.filter((c, i) => given.indexOf(c) !== i))];
  if (!unknownCriteria.length && !missingCriteria.length && !duplicateCriteria.length) return undefined;
  return badInput(
    `assessments must cover each criterion once: ${criteria.join(', ')}` +
      (unknownCriteria.length ? `; unknown: ${unknownCriteria.join(', ')}` : '') +
      (missingCriteria.length ? `; missing: ${missingCriteria.join(', ')}` : '') +
      (duplicateCriteria.length ? `; given twice: ${duplicateCriteria.join(', ')}` : ''),
    { missingCriteria, unknownCriteria, duplicateCriteria },
  );
}

/** An evaluation round is open, its window has begun, and this party has not submitted yet. */
export function checkEvaluationOpen(
  roster: Roster,
  context: Pick<ConventionContext, 'evaluation' | 'rules'>,
  event: EventOf<'EVALUATION_SUBMITTED'>,
): CheckRefusal | undefined {
  if (!context.rules.evaluation) return invalid('this convention provides for no evaluation');
  const round = context.evaluation;
  if (!round) return invalid('no evaluation round is open');
  if (round.completedAt !== null) {
    return invalid(`evaluation round ${round.number} is already complete`, { round: round.number });
  }
  if (dayIn(roster, event.at) < round.opensOn) {
    return invalid(`evaluation round ${round.number} opens on ${round.opensOn}`, {
      round: round.number,
      opensOn: round.opensOn,
      dueOn: round.dueOn,
    });
  }
  if (round.submissions.some((s) => s.partyId === event.actor.partyId)) {
    return invalid(`${event.actor.partyId} has already submitted its evaluation for round ${round.number}`, {
      round: round.number,
    });
  }
  return undefined;
}
