import { IsoDate } from '../calendar';
import { lastDayOf } from '../period-end';
import { checkState, EventOf } from '../checks';
import { ConventionDefinition } from '../definition';
import { assignContext, dayIn, enqueueFor, Guard, rosterOf } from './kit';
import { Breach, ConventionContext, FormalNotice } from '../convention.context';
import { openFormalNotice } from '../convention-queries';

/**
 * Breach: a formal notice (« mise en demeure ») opens a cure period; cured or not, it closes.
 * A standing duty has no deadline to miss: a creditor reports its breach (rules v2), which
 * makes it violated, and the formal notice follows as for a missed deadline.
 */

type BreachContext = Pick<ConventionContext, 'rules' | 'commitments' | 'formalNotices'>;

export function formalNoticeOf(
  context: BreachContext,
  e: EventOf<'FORMAL_NOTICE_SERVED'>,
  servedOn: IsoDate,
): FormalNotice {
  // The check accepts a formal notice only where the text provides one.
  const curePeriod = context.rules.breach?.curePeriod ?? 'P0D';
  return {
    commitmentId: e.commitmentId,
    servedBy: e.actor.partyId ?? '',
    servedAt: e.at,
    servedOn,
    reason: e.reason,
    cureBy: lastDayOf({ after: servedOn }, curePeriod, context.rules.timeZone),
    status: 'OPEN',
  };
}

/** Whether the commitment was fulfilled, or an occurrence confirmed, since the open notice. */
export function breachCured(context: BreachContext, commitmentId: string): boolean {
  const notice = openFormalNotice(context, commitmentId);
  const child = context.commitments[commitmentId]?.getSnapshot();
  if (!notice || !child) return false;
  if (child.value === 'fulfilled') return true;
  return child.context.occurrences.some((o) =>
    o.fulfilments.some((f) => f.some((c) => c.at >= notice.servedAt)),
  );
}

export function settleFormalNotice(
  context: BreachContext,
  e: EventOf<'CURE_PERIOD_ENDED'>,
): Pick<ConventionContext, 'formalNotices'> {
  const notice = openFormalNotice(context, e.commitmentId);
  const status = breachCured(context, e.commitmentId) ? ('CURED' as const) : ('UNCURED' as const);
  return { formalNotices: context.formalNotices.map((n) => (n === notice ? { ...n, status } : n)) };
}

export function breachGuards(definition: ConventionDefinition) {
  const roster = rosterOf(definition);
  const dayOf = dayIn(definition);
  const formalNoticeAllowed: Guard = ({ context, event }) =>
    event.type === 'FORMAL_NOTICE_SERVED' && checkState(roster, context, event) === undefined;
  const curePeriodEnded: Guard = ({ context, event }) => {
    if (event.type !== 'CURE_PERIOD_ENDED') return false;
    const notice = openFormalNotice(context, event.commitmentId);
    return notice !== undefined && dayOf(event.at) > notice.cureBy;
  };
  const cured: Guard = ({ context, event }) =>
    event.type === 'CURE_PERIOD_ENDED' && breachCured(context, event.commitmentId);
  const breachReportAllowed: Guard = ({ context, event }) =>
    event.type === 'BREACH_REPORTED' && checkState(roster, context, event) === undefined;
  return { formalNoticeAllowed, curePeriodEnded, breachCured: cured, breachReportAllowed };
}

export function breachActions(definition: ConventionDefinition) {
  const dayOf = dayIn(definition);
  return {
    serveFormalNotice: enqueueFor(({ context, enqueue }, e: EventOf<'FORMAL_NOTICE_SERVED'>) => {
      const served = formalNoticeOf(context, e, dayOf(e.at));
      const child = context.commitments[e.commitmentId];
      if (!child) return;
      enqueue.assign({ formalNotices: [...context.formalNotices, served] });
      enqueue.sendTo(child, { type: 'CURE_OPENED', dueOn: served.cureBy });
    }),
    reportBreach: enqueueFor(({ context, enqueue }, e: EventOf<'BREACH_REPORTED'>) => {
      const child = context.commitments[e.commitmentId];
      if (!child) return;
      const breach: Breach = {
        commitmentId: e.commitmentId,
        reportedBy: e.actor.partyId ?? '',
        reportedAt: e.at,
        reportedOn: dayOf(e.at),
        description: e.description,
        evidenceUrl: e.evidenceUrl,
      };
      enqueue.assign({ breaches: [...(context.breaches ?? []), breach] });
      enqueue.sendTo(child, { type: 'BREACHED', at: e.at });
    }),
    settleFormalNotice: assignContext(({ context }, e: EventOf<'CURE_PERIOD_ENDED'>) =>
      settleFormalNotice(context, e),
    ),
  };
}
