import { addDuration, IsoDate } from '../calendar';
import { EventOf } from '../checks';
import { ConventionContext, FormalNotice } from '../convention.context';
import { openFormalNotice } from '../convention-queries';

/** Breach: a formal notice (« mise en demeure ») opens a cure period; cured or not, it closes. */

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
    cureBy: addDuration(servedOn, curePeriod, context.rules.timeZone),
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
