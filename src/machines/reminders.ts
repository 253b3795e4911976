import { addDays, IsoDate, IsoInstant, startOfDay } from './calendar';
import { dayAfter, noticeDeadline } from './convention-dates';
import { ConventionSnapshot } from './convention.machine';
import { commitmentViews, conventionStatus } from './convention.view';
import { ConventionDefinition, ReminderLeadTimes } from './definition';

export type ReminderKind = 'NOTICE_DEADLINE' | 'COMMITMENT_DUE' | 'EVALUATION_DUE' | 'COMMITTEE_MEETING';

/**
 * A reminder ahead of a date the parties must act by, derived from the convention's state like
 * its deadlines: derived again after every transition, so a moved date re-plans it and a date
 * that no longer applies (notice given, commitment fulfilled or lapsed, convention ended) cancels
 * it. Once the convention ended, only the commitments still owed are reminded of (a report due
 * from the end, one arisen by `onlyIfEndedBy`, a surviving one reopened, the last occurrence of
 * a `dueAfterPeriod`), as their `COMMITMENT_DUE` deadlines still stand.
 */
export interface PlannedReminder {
  /** Deterministic: the same reminder planned twice has the same key. */
  key: string;
  kind: ReminderKind;
  conventionId: string;
  /** The commitment concerned, for commitment and committee reminders. */
  subject: string | null;
  /** The date reminded of: last day to give notice, due date, end of the committee's period. */
  targetOn: IsoDate;
  daysBefore: number;
  dueAt: IsoInstant;
  /** Who is reminded. */
  parties: string[];
  /** What the message says besides the date. */
  facts: { title: string; commitment?: string; renewsOn?: IsoDate };
}

export const DEFAULT_LEAD_TIMES: Required<ReminderLeadTimes> = {
  notice: [90, 30, 7],
  commitment: [14, 0],
  evaluation: [30],
  committee: [14],
};

export function plannedReminders(
  definition: ConventionDefinition,
  snapshot: ConventionSnapshot,
): PlannedReminder[] {
  const c = snapshot.context;
  const status = conventionStatus(snapshot);
  // Before it is in force, nothing is due.
  if (status === 'DRAFT' || status === 'SIGNED') return [];
  const leads = { ...DEFAULT_LEAD_TIMES, ...definition.reminders };
  const zone = definition.timeZone;
  const everyone = definition.parties.map((p) => p.id);
  const plan: PlannedReminder[] = [];
  const add = (
    kind: ReminderKind,
    targetOn: IsoDate,
    days: number[],
    parties: string[],
    subject: string | null,
    facts: PlannedReminder['facts'],
  ) => {
    for (const daysBefore of days) {
      const on = addDays(targetOn, -daysBefore, zone);
      plan.push({
        key: [c.conventionId, 'REMIND', kind, subject ?? '-', targetOn, daysBefore].join(':'),
        kind,
        conventionId: c.conventionId,
        subject,
        targetOn,
        daysBefore,
        dueAt: startOfDay(on, zone),
        parties,
        facts,
      });
    }
  };
  // Once it ended, only its commitments still owed: no notice, evaluation or committee to remind of.
  if (status === 'TERMINATED') {
    for (const commitment of commitmentViews(c)) {
      if (commitment.status !== 'IN_EFFECT' || commitment.suspended || !commitment.dueOn) continue;
      if (commitment.committee) continue;
      const facts = { title: c.title, commitment: commitment.title };
      add('COMMITMENT_DUE', commitment.dueOn, leads.commitment, commitment.owners, commitment.id, facts);
    }
    return plan;
  }
  // Once RENEWED, the renewal is decided: no notice deadline until the next term starts. A
  // suspension does not stop the term, so its notice deadline still stands.
  const renewalPending =
    status === 'ACTIVE' ||
    status === 'EVALUATED' ||
    (status === 'SUSPENDED' && c.suspension?.resumeTo !== 'renewed');
  if (c.term && !c.notice && renewalPending) {
    const deadline = noticeDeadline(c.rules, c.term, c.rulesVersion);
    if (deadline) {
      const renewsOn = dayAfter(c.rules, c.term.endsOn ?? deadline);
      add('NOTICE_DEADLINE', deadline, leads.notice, everyone, null, { title: c.title, renewsOn });
    }
  }
  // Suspended, due dates move: they are planned again on resumption.
  if (status === 'SUSPENDED') return plan;
  const round = c.evaluation;
  if (round && round.completedAt === null && round.overdueSince === null && round.dueOn) {
    const submitted = new Set(round.submissions.map((s) => s.partyId));
    const owing = (c.rules.evaluation?.parties ?? everyone).filter((p) => !submitted.has(p));
    if (owing.length) add('EVALUATION_DUE', round.dueOn, leads.evaluation, owing, null, { title: c.title });
  }
  for (const commitment of commitmentViews(c)) {
    if (commitment.status !== 'IN_EFFECT' || commitment.suspended || !commitment.dueOn) continue;
    const facts = { title: c.title, commitment: commitment.title };
    if (commitment.committee) {
      add('COMMITTEE_MEETING', commitment.dueOn, leads.committee, commitment.owners, commitment.id, facts);
    } else {
      add('COMMITMENT_DUE', commitment.dueOn, leads.commitment, commitment.owners, commitment.id, facts);
    }
  }
  return plan;
}
