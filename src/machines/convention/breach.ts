import { IsoDate } from '../calendar';
import { lastDayOf } from '../period-end';
import { checkState, EventOf } from '../checks';
import { ConventionDefinition } from '../definition';
import { assignContext, dayIn, enqueueFor, Guard, rosterOf } from './kit';
import { Breach, ConventionContext, FormalNotice } from '../convention.context';
import { breachRightOpen, childAccepts, openFormalNotice } from '../convention-queries';
import { exercisedRight } from '../checks/termination';

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

/**
 * The cure period is over: the notice is CURED or UNCURED. Under `breach.termination: right`, an
 * UNCURED one opens, from `on`, the right to terminate of the parties the commitment is owed to.
 */
export function settleFormalNotice(
  context: BreachContext,
  e: EventOf<'CURE_PERIOD_ENDED'>,
  on: IsoDate,
  parties: readonly { id: string }[],
): Pick<ConventionContext, 'formalNotices'> {
  const notice = openFormalNotice(context, e.commitmentId);
  const status = breachCured(context, e.commitmentId) ? ('CURED' as const) : ('UNCURED' as const);
  const owners = context.commitments[e.commitmentId]?.getSnapshot().context.owners ?? [];
  const right =
    status === 'UNCURED' && context.rules.breach?.termination === 'right'
      ? { rightSince: on, rightHolders: parties.map((p) => p.id).filter((id) => !owners.includes(id)) }
      : {};
  return {
    formalNotices: context.formalNotices.map((n) => (n === notice ? { ...n, status, ...right } : n)),
  };
}

/** The notice on this commitment whose right to terminate is open, if any. */
function noticeWithOpenRight(context: BreachContext, commitmentId: string): FormalNotice | undefined {
  return context.formalNotices.find((n) => n.commitmentId === commitmentId && breachRightOpen(n));
}

/** The owners' confirmation, late: a VIOLATED commitment accepts it while the right is open. */
function lateConfirmation(e: EventOf<'COMMITMENT_CONFIRMED'>) {
  const { at, note, evidenceUrl } = e;
  return {
    type: 'CONFIRM' as const,
    late: true as const,
    partyId: e.actor.partyId ?? '',
    userId: e.actor.userId,
    at,
    note,
    evidenceUrl,
  };
}

/** Whether this confirmation is the last owner's: the breach is then cured, late. */
function completesCure(context: BreachContext, e: EventOf<'COMMITMENT_CONFIRMED'>): boolean {
  const child = context.commitments[e.commitmentId]?.getSnapshot().context;
  if (!child) return false;
  const confirmed = [...child.confirmations.map((c) => c.partyId), e.actor.partyId];
  return child.owners.every((owner) => confirmed.includes(owner));
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
  // `breach.termination: right` only, and only while the right is open: stored histories never
  // had a confirmation of a VIOLATED commitment accepted, so they replay the same.
  const lateCureAccepted: Guard = ({ context, event }) =>
    event.type === 'COMMITMENT_CONFIRMED' &&
    context.rules.breach?.termination === 'right' &&
    event.actor.partyId !== null &&
    noticeWithOpenRight(context, event.commitmentId) !== undefined &&
    childAccepts(context, event.commitmentId, lateConfirmation(event));
  const terminationRightHeld: Guard = ({ context, event }) =>
    event.type === 'TERMINATION_EXERCISED' && checkState(roster, context, event) === undefined;
  return {
    formalNoticeAllowed,
    curePeriodEnded,
    breachCured: cured,
    breachReportAllowed,
    lateCureAccepted,
    terminationRightHeld,
    breachTerminationIsRight: ({ context }) => context.rules.breach?.termination === 'right',
  } satisfies Record<string, Guard>;
}

export function breachActions(definition: ConventionDefinition) {
  const dayOf = dayIn(definition);
  const roster = rosterOf(definition);
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
      settleFormalNotice(context, e, dayOf(e.at), definition.parties),
    ),
    /** Cured late: the owners' last confirmation fulfils it and the right to terminate lapses. */
    cureLate: enqueueFor(({ context, enqueue }, e: EventOf<'COMMITMENT_CONFIRMED'>) => {
      const child = context.commitments[e.commitmentId];
      const notice = noticeWithOpenRight(context, e.commitmentId);
      if (!child || !notice) return;
      if (completesCure(context, e)) {
        const lapsed = { ...notice, rightLapsedOn: dayOf(e.at) };
        enqueue.assign({ formalNotices: context.formalNotices.map((n) => (n === notice ? lapsed : n)) });
      }
      enqueue.sendTo(child, lateConfirmation(e));
    }),
    /** A right to terminate exercised: effective that day, for its ground. */
    terminateByRight: assignContext(({ context, event }) => {
      if (event.type !== 'TERMINATION_EXERCISED') return {};
      const cause = exercisedRight(roster, context, event);
      return {
        termination: {
          on: dayOf(event.at),
          at: event.at,
          cause: typeof cause === 'string' ? cause : 'FORCE_MAJEURE',
        },
      };
    }),
  };
}
