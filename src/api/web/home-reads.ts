import { frenchDate } from '../../calendar/french-date';
import { addDays, IsoDate } from '../../machines/calendar';
import { byCodePoint } from '../../common/code-point-order';

/**
 * What a representative's home shows, computed once on the server: commitments ranked by
 * urgency, and for each coming deadline the days left and what happens when it passes.
 */

/** "Due soon" reaches this many days ahead. */
export const DUE_SOON_DAYS = 30;

export enum Urgency {
  OVERDUE = 0,
  DUE_SOON = 1,
  LATER = 2,
  FULFILLED = 3,
  /** Violated, waived or ended with the convention: nothing left to do. */
  CLOSED = 4,
}

export interface RankedCommitment {
  id: string;
  status: string;
  overdue: boolean;
  dueOn: string | null;
  fulfilledAt: string | null;
}

export function urgencyOf(commitment: RankedCommitment, today: IsoDate, zone: string): Urgency {
  if (commitment.status === 'FULFILLED') return Urgency.FULFILLED;
  if (commitment.status !== 'IN_EFFECT' && commitment.status !== 'SCHEDULED') return Urgency.CLOSED;
  if (commitment.overdue) return Urgency.OVERDUE;
  if (commitment.dueOn !== null && commitment.dueOn <= addDays(today, DUE_SOON_DAYS, zone)) {
    return Urgency.DUE_SOON;
  }
  return Urgency.LATER;
}

/**
 * Overdue, due within 30 days, later (undated last), fulfilled (latest first), then closed; the
 * earliest due first within a group, the id breaking ties so that pages never overlap.
 */
export function byUrgency<T extends RankedCommitment>(items: { item: T; urgency: Urgency }[]): T[] {
  const undatedLast = (d: string | null) => d ?? '9999-12-31';
  return [...items]
    .sort((a, b) => {
      if (a.urgency !== b.urgency) return a.urgency - b.urgency;
      if (a.urgency === Urgency.FULFILLED) {
        const byFulfilment = byCodePoint(b.item.fulfilledAt ?? '', a.item.fulfilledAt ?? '');
        if (byFulfilment !== 0) return byFulfilment;
      }
      const byDue = byCodePoint(undatedLast(a.item.dueOn), undatedLast(b.item.dueOn));
      return byDue !== 0 ? byDue : byCodePoint(a.item.id, b.item.id);
    })
    .map((x) => x.item);
}

/** Owners that have not confirmed the pending fulfilment of an open commitment. */
export function awaitingConfirmation(commitment: {
  status: string;
  owners: readonly string[];
  confirmations: readonly { partyId: string }[];
}): string[] {
  if (commitment.status !== 'IN_EFFECT' && commitment.status !== 'SCHEDULED') return [];
  const confirmed = new Set(commitment.confirmations.map((c) => c.partyId));
  return commitment.owners.filter((owner) => !confirmed.has(owner));
}

/**
 * Deadlines that fire the day after the last day of what they close. SUSPENSION_LIMIT under
 * both rules versions: its eve is the last day the suspension may last (v2 fires the day after
 * the limit day, v1 on the limit day itself, ending the suspension a day earlier).
 */
const CLOSING_KINDS = new Set([
  'NOTICE_DEADLINE',
  'COMMITMENT_DUE',
  'EVALUATION_DUE',
  'TERM_END',
  'CURE_PERIOD_END',
  'SUSPENSION_LIMIT',
  'SURVIVAL_END',
]);

/** The last day of what a deadline closes (the eve of the day it fires), null for an event day. */
export function lastDayOf(deadline: { kind: string; dueOn: IsoDate }, zone: string): IsoDate | null {
  return CLOSING_KINDS.has(deadline.kind) ? addDays(deadline.dueOn, -1, zone) : null;
}

/** Whole days from `from` to `to` (calendar dates; negative when `to` is past). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export interface Consequence {
  kind: string;
  on: IsoDate | null;
  text: string;
}

/** The end of a cure period: the convention may be terminated, or (`right`) the other party may terminate it. */
function cureConsequence(on: IsoDate, lastDay: string, breachTermination?: string | null): Consequence {
  const day = frenchDate(on);
  if (breachTermination === 'right') {
    return {
      kind: 'TERMINATION_RIGHT',
      on,
      text: `Si le manquement n'est pas réparé au plus tard le ${lastDay}, l'autre partie pourra résilier la convention à compter du ${day}.`,
    };
  }
  return {
    kind: 'TERMINATION_FOR_BREACH',
    on,
    text: `Si le manquement n'est pas réparé au plus tard le ${lastDay}, la convention peut être résiliée le ${day}.`,
  };
}

/** What happens if nobody acts before the deadline passes, as the convention would say it. */
export function consequenceOf(
  deadline: { kind: string; dueOn: IsoDate; subject: string | null },
  convention: {
    status: string;
    termEndsOn: IsoDate | null;
    /** `forceMajeure.termination`: with `right`, the limit opens a right to terminate. */
    forceMajeureTermination?: string | null;
    /** `breach.termination`: with `right`, the end of a cure period opens a right to terminate. */
    breachTermination?: string | null;
  },
  zone: string,
): Consequence {
  const on = deadline.dueOn;
  const last = lastDayOf(deadline, zone);
  const day = frenchDate(on);
  switch (deadline.kind) {
    case 'NOTICE_DEADLINE': {
      const renewsOn = convention.termEndsOn ? addDays(convention.termEndsOn, 1, zone) : on;
      return {
        kind: 'TACIT_RENEWAL',
        on: renewsOn,
        text: `Sans préavis donné au plus tard le ${frenchDate(last ?? on)}, la convention est renouvelée tacitement le ${frenchDate(renewsOn)}.`,
      };
    }
    case 'TERM_END':
      return convention.status === 'RENEWED'
        ? { kind: 'NEW_TERM', on, text: `Une nouvelle période commence le ${day}.` }
        : { kind: 'EXPIRY', on, text: `La convention prend fin à son terme, le ${day}.` };
    case 'TERMINATION':
      return { kind: 'TERMINATION', on, text: `La résiliation prend effet le ${day}.` };
    case 'COMMITMENT_DUE':
      return {
        kind: 'COMMITMENT_OVERDUE',
        on,
        text: `Faute d'être marqué fait au plus tard le ${frenchDate(last ?? on)}, l'engagement ${deadline.subject ?? ''} est constaté en retard le ${day}.`,
      };
    case 'EVALUATION_DUE':
      return {
        kind: 'EVALUATION_OVERDUE',
        on,
        text: `Faute d'évaluation remise au plus tard le ${frenchDate(last ?? on)}, elle est constatée en retard le ${day}.`,
      };
    case 'CURE_PERIOD_END':
      return cureConsequence(on, frenchDate(last ?? on), convention.breachTermination);
    case 'EFFECTIVE_DATE':
      return { kind: 'ENTRY_INTO_FORCE', on, text: `La convention entre en vigueur le ${day}.` };
    case 'EVALUATION_PERIOD':
      return { kind: 'EVALUATION_OPENS', on, text: `Une période d'évaluation s'ouvre le ${day}.` };
    case 'AMENDMENT_EFFECTIVE':
      return { kind: 'AMENDMENT_EFFECTIVE', on, text: `L'avenant prend effet le ${day}.` };
    case 'SUSPENSION_LIMIT':
      if (convention.forceMajeureTermination === 'right') {
        return {
          kind: 'TERMINATION_RIGHT',
          on,
          text: `Si la suspension dure au-delà du ${frenchDate(last ?? on)}, l'autre partie pourra résilier la convention à compter du ${day}.`,
        };
      }
      return {
        kind: 'TERMINATION',
        on,
        text: `Si la suspension dure au-delà du ${frenchDate(last ?? on)}, la convention prend fin le ${day}.`,
      };
    case 'SURVIVAL_END':
      return {
        kind: 'SURVIVAL_END',
        on,
        text: `L'engagement ${deadline.subject ?? ''} cesse de produire effet le ${day}.`,
      };
    default:
      return { kind: 'OTHER', on, text: `Échéance le ${day}.` };
  }
}
