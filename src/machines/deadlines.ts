import { IsoDate, IsoInstant, localDate, startOfDay } from './calendar';
import { dayAfter, renewalDecidedAfter } from './convention-dates';
import { ConventionEventType } from './convention.events';
import { ConventionSnapshot, nextEvaluationWindow, pendingAmendment } from './convention.machine';
import { commitmentViews, conventionStatus } from './convention.view';
import { ConventionDefinition } from './definition';
import { rulesOf } from './rules-version';
import { byCodePoint } from '../common/code-point-order';

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
  | 'EFFECTIVE_DATE'
  | 'COMMITMENT_DUE'
  | 'NOTICE_DEADLINE'
  | 'TERM_END'
  | 'TERMINATION'
  | 'EVALUATION_PERIOD'
  | 'EVALUATION_DUE'
  | 'AMENDMENT_EFFECTIVE'
  | 'CURE_PERIOD_END'
  | 'SUSPENSION_LIMIT'
  | 'SURVIVAL_END';

type AddDeadline = (
  kind: DeadlineKind,
  dueOn: IsoDate,
  eventType: ConventionEventType,
  subject?: string | null,
  payload?: Record<string, unknown>,
) => void;

/** Adds a deadline to `plan`, with its deterministic key and the start of its day in the convention's zone. */
function plannerOf(
  definition: ConventionDefinition,
  conventionId: string,
  plan: PlannedDeadline[],
): AddDeadline {
  return (kind, dueOn, eventType, subject = null, payload = subject ? { commitmentId: subject } : {}) => {
    plan.push({
      key: [conventionId, kind, subject ?? (payload.amendmentId as string | undefined) ?? '-', dueOn].join(
        ':',
      ),
      kind,
      conventionId,
      subject,
      dueOn,
      dueAt: startOfDay(dueOn, definition.timeZone),
      eventType,
      payload,
    });
  };
}

export function plannedDeadlines(
  definition: ConventionDefinition,
  snapshot: ConventionSnapshot,
): PlannedDeadline[] {
  const c = snapshot.context;
  const status = conventionStatus(snapshot);
  const plan: PlannedDeadline[] = [];
  const add = plannerOf(definition, c.conventionId, plan);

  const zone = definition.timeZone;
  if (status === 'SIGNED' && c.effectiveOn) add('EFFECTIVE_DATE', c.effectiveOn, 'EFFECTIVE_DATE_REACHED');
  if (status === 'DRAFT' || status === 'SIGNED') return sorted(plan);

  const commitments = commitmentViews(c);
  if (status === 'TERMINATED') {
    // Commitments that survive the convention, or start at its end, still fall due.
    for (const commitment of commitments) {
      if (commitment.status === 'IN_EFFECT' && commitment.dueOn) {
        add('COMMITMENT_DUE', dayAfter(c.rules, commitment.dueOn), 'COMMITMENT_DUE_PASSED', commitment.id);
      }
      // Surviving, confirmed or not, until its survival ends. (Only v2 records survival on a
      // fulfilled commitment: under v1 a FULFILLED one with `survivesUntil` has already ended.)
      const surviving =
        commitment.status === 'IN_EFFECT' ||
        (commitment.status === 'FULFILLED' && commitment.endedAt === null);
      if (surviving && commitment.survivesUntil) {
        add('SURVIVAL_END', dayAfter(c.rules, commitment.survivesUntil), 'SURVIVAL_ENDED', commitment.id);
      }
    }
    return sorted(plan);
  }

  if (c.notice) add('TERMINATION', c.notice.effectiveOn, 'TERMINATION_TOOK_EFFECT');
  if (c.term?.endsOn) add('TERM_END', dayAfter(c.rules, c.term.endsOn), 'TERM_ENDED');
  for (const notice of c.formalNotices.filter((n) => n.status === 'OPEN')) {
    add('CURE_PERIOD_END', dayAfter(c.rules, notice.cureBy), 'CURE_PERIOD_ENDED', notice.commitmentId);
  }
  const pending = pendingAmendment(c);
  if (pending?.status === 'SIGNED' && pending.kind === 'CHANGE') {
    const on = pending.effectiveOn ?? localDate(pending.settledAt as string, zone);
    add('AMENDMENT_EFFECTIVE', on, 'AMENDMENT_TOOK_EFFECT', null, { amendmentId: pending.id });
  }
  // Once the right to terminate opened (`termination: right`), the limit has done its work.
  if (status === 'SUSPENDED' && c.suspension?.limitOn && !c.suspension.rightSince) {
    // v2: the limit day is the last one allowed, included, so the deadline fires the day after
    // (as CURE_PERIOD_END); v1 fired on the limit day itself.
    const limitOn = c.suspension.limitOn;
    const firesOn = rulesOf(c.rulesVersion).since(2) ? dayAfter(c.rules, limitOn) : limitOn;
    add('SUSPENSION_LIMIT', firesOn, 'SUSPENSION_LIMIT_REACHED');
  }
  // A suspension does not stop the term: the notice deadline still decides the renewal.
  const renewalPending =
    status === 'ACTIVE' ||
    status === 'EVALUATED' ||
    (status === 'SUSPENDED' && c.suspension?.resumeTo !== 'renewed');
  if (renewalPending && c.term) {
    const deadline = renewalDecidedAfter(c.rules, c.term, c.rulesVersion);
    if (deadline && !(c.notice && c.notice.givenOn <= deadline)) {
      add('NOTICE_DEADLINE', dayAfter(c.rules, deadline), 'NOTICE_DEADLINE_PASSED');
    }
  }
  if (status === 'SUSPENDED') return sorted(plan);
  const round = c.evaluation;
  if (round && round.completedAt === null && round.overdueSince === null && round.dueOn) {
    add('EVALUATION_DUE', dayAfter(c.rules, round.dueOn), 'EVALUATION_DUE_PASSED');
  }
  if (status === 'EVALUATED') {
    const next = nextEvaluationWindow(c);
    if (next) add('EVALUATION_PERIOD', next.opensOn, 'EVALUATION_PERIOD_OPENED');
  }
  for (const commitment of commitments) {
    if (commitment.status === 'IN_EFFECT' && commitment.dueOn) {
      add('COMMITMENT_DUE', dayAfter(c.rules, commitment.dueOn), 'COMMITMENT_DUE_PASSED', commitment.id);
    }
  }
  return sorted(plan);
}

/**
 * Deadlines falling at the same instant fire in this order (each pair of kinds is tested in
 * same-instant-order.machine.spec.ts):
 * - the convention takes effect before anything falls due in it, and an amendment taking
 *   effect that day changes the rules before any other deadline applies them;
 * - the renewal is decided (the notice deadline passes) before the periods it continues
 *   close: with notice at the anniversary the notice deadline, the last period's due date and
 *   the term end share the renewal date, and a recurring commitment opens its next period
 *   only if the next term is already decided;
 * - what a closing period owed is recorded (commitments, evaluation) before a cure period is
 *   judged or the convention ends;
 * - when several deadlines would end the convention at one instant, the cause is the first of
 *   breach, force majeure, notice and expiry: a notice that takes effect on the expiry date
 *   ends the convention by notice rather than by expiry;
 * - the term changes before the evaluation windows it opens, and a surviving commitment's last
 *   due date passes before its survival ends.
 * The rank is stored with each pending deadline: changing this order needs a migration that
 * recomputes the rank of pending rows (as 1765000000000-same-instant-order did).
 */
export const SAME_INSTANT_ORDER: readonly DeadlineKind[] = [
  'EFFECTIVE_DATE',
  'AMENDMENT_EFFECTIVE',
  'NOTICE_DEADLINE',
  'COMMITMENT_DUE',
  'EVALUATION_DUE',
  'CURE_PERIOD_END',
  'SUSPENSION_LIMIT',
  'TERMINATION',
  'TERM_END',
  'EVALUATION_PERIOD',
  'SURVIVAL_END',
];

export function deadlineRank(kind: DeadlineKind): number {
  return SAME_INSTANT_ORDER.indexOf(kind);
}

function sorted(plan: PlannedDeadline[]): PlannedDeadline[] {
  return plan.sort((a, b) => byCodePoint(a.dueAt, b.dueAt) || deadlineRank(a.kind) - deadlineRank(b.kind));
}
