/**
 * The words a reader of a convention uses for its states and for what moves it on. A state or
 * an event a new machine adds without a wording here shows its own name.
 */
const STATE_LABELS: Readonly<Record<string, string>> = {
  draft: 'En signature',
  signed: 'Signée',
  inForce: 'En vigueur',
  active: 'En cours',
  evaluated: 'Évaluée',
  renewed: 'Renouvellement acquis',
  suspended: 'Suspendue (force majeure)',
  terminated: 'Terminée',
};

const EVENT_LABELS: Readonly<Record<string, string>> = {
  SIGNATURE_GIVEN: 'signature',
  EFFECTIVE_DATE_REACHED: "date d'effet atteinte",
  COMMITMENT_CONFIRMED: 'dernier engagement tenu',
  COMMITMENT_DUE_PASSED: "échéance d'un engagement passée",
  COMMITMENT_REOPENED: 'engagement rouvert',
  EVALUATION_SUBMITTED: 'évaluation remise',
  EVALUATION_DUE_PASSED: "échéance de l'évaluation passée",
  EVALUATION_PERIOD_OPENED: "période d'évaluation ouverte",
  NOTICE_GIVEN: 'préavis donné',
  NOTICE_DEADLINE_PASSED: 'délai de préavis écoulé sans préavis',
  TERM_ENDED: 'fin de la période',
  TERMINATION_TOOK_EFFECT: 'résiliation effective',
  AMENDMENT_PROPOSED: 'avenant proposé',
  AMENDMENT_SIGNED: 'avenant de renouvellement signé',
  AMENDMENT_WITHDRAWN: 'avenant retiré',
  AMENDMENT_TOOK_EFFECT: 'avenant en vigueur',
  MEETING_RECORDED: 'réunion tenue',
  FORMAL_NOTICE_SERVED: 'mise en demeure',
  BREACH_REPORTED: 'manquement signalé',
  CURE_PERIOD_ENDED: 'délai de mise en demeure écoulé',
  CONVENTION_SUSPENDED: 'suspension (force majeure)',
  CONVENTION_RESUMED: 'reprise',
  SUSPENSION_LIMIT_REACHED: 'durée maximale de suspension atteinte',
  TERMINATION_EXERCISED: 'résiliation par la partie qui en a le droit',
  SURVIVAL_ENDED: 'fin de survie',
};

/** Eventless transitions, by the last of their guards (the one that tells them apart). */
const CONDITION_LABELS: Readonly<Record<string, string>> = {
  everySignatoryHasSigned: 'toutes les signatures recueillies',
  evaluationThenContinue: 'évaluation achevée : poursuite',
  evaluationThenRenew: 'évaluation achevée : renouvellement',
  evaluationThenTerminate: 'évaluation achevée : fin',
};

/** An eventless transition whose condition has no wording here. */
export const AUTOMATIC_LABEL = 'dès que la condition est remplie';

export function stateLabel(key: string): string {
  return STATE_LABELS[key] ?? key;
}

export function transitionLabel(transition: { event: string | null; guards: readonly string[] }): string {
  if (transition.event !== null) return EVENT_LABELS[transition.event] ?? transition.event;
  const condition = transition.guards[transition.guards.length - 1];
  return (condition && CONDITION_LABELS[condition]) ?? AUTOMATIC_LABEL;
}
