import { IsoDate, IsoInstant, startOfDay } from './calendar';
import { dayAfter, noticeDeadline } from './convention-dates';
import { ConventionEventType } from './convention.events';
import { ConventionSnapshot, nextEvaluationWindow } from './convention.machine';
import { commitmentViews, conventionStatus } from './convention.view';
import { ConventionDefinition } from './definition';

/**
 * The time-driven events a convention is waiting for, derived from its state. The store
 * keeps them as durable rows (created and cancelled in the transaction of the event that
 * implies them) and the scheduler sends each one, as the system actor, once it is due.
 */
export interface PlannedDeadline {
  /** Deterministic: the same deadline planned twice has the same key. */
  key: string;
  kind: DeadlineKind;
  conventionId: string;
  /** The commitment concerned, for commitment deadlines. */
  subject: string | null;
  dueOn: IsoDate;
  dueAt: IsoInstant;
  eventType: ConventionEventType;
  payload: Record<string, unknown>;
}

export type DeadlineKind =
  'EFFECTIVE_DATE' | 'COMMITMENT_DUE' | 'NOTICE_DEADLINE' | 'TERM_END' | 'TERMINATION' | 'EVALUATION_PERIOD';

export function plannedDeadlines(
  definition: ConventionDefinition,
  snapshot: ConventionSnapshot,
): PlannedDeadline[] {
  const c = snapshot.context;
  const status = conventionStatus(snapshot);
  const plan: PlannedDeadline[] = [];
  const add = (
    kind: DeadlineKind,
    dueOn: IsoDate,
    eventType: ConventionEventType,
    subject: string | null = null,
  ) => {
    plan.push({
      key: [c.conventionId, kind, subject ?? '-', dueOn].join(':'),
      kind,
      conventionId: c.conventionId,
      subject,
      dueOn,
      dueAt: startOfDay(dueOn, definition.timeZone),
      eventType,
      payload: subject ? { commitmentId: subject } : {},
    });
  };

  if (status === 'SIGNED' && c.effectiveOn) add('EFFECTIVE_DATE', c.effectiveOn, 'EFFECTIVE_DATE_REACHED');
  if (status === 'DRAFT' || status === 'SIGNED' || status === 'TERMINATED') return plan;

  if (c.notice) add('TERMINATION', c.notice.effectiveOn, 'TERMINATION_TOOK_EFFECT');
  if (c.term?.endsOn) add('TERM_END', dayAfter(definition, c.term.endsOn), 'TERM_ENDED');
  if ((status === 'ACTIVE' || status === 'EVALUATED') && c.term) {
    const deadline = noticeDeadline(definition, c.term);
    if (deadline && !(c.notice && c.notice.givenOn <= deadline)) {
      add('NOTICE_DEADLINE', dayAfter(definition, deadline), 'NOTICE_DEADLINE_PASSED');
    }
  }
  if (status === 'EVALUATED') {
    const next = nextEvaluationWindow(definition, c);
    if (next) add('EVALUATION_PERIOD', next.opensOn, 'EVALUATION_PERIOD_OPENED');
  }
  for (const commitment of commitmentViews(c)) {
    if (commitment.status === 'IN_EFFECT' && commitment.dueOn) {
      add('COMMITMENT_DUE', dayAfter(definition, commitment.dueOn), 'COMMITMENT_DUE_PASSED', commitment.id);
    }
  }
  return plan.sort((a, b) => (a.dueAt < b.dueAt ? -1 : a.dueAt > b.dueAt ? 1 : 0));
}
