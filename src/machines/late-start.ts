import { IsoDate } from './calendar';
import type { CommitmentContext, Occurrence } from './commitment.machine';
import { lastDayOf } from './period-end';

/**
 * Rules v4: a convention in force before its signature (« prend effet au 1er janvier 2024 »,
 * signed in April). What fell due before the day S of its last signature is not missed at
 * signature: an occurrence or a one-off due before S + the grace (`term.graceAfterSignature`,
 * P1M when the definition states none) is due on S + the grace instead, flagged `late`, so that
 * its owner can still record it. Under v1 to v3 it closed VIOLATED in the catch-up at signature.
 */

/** The grace when the definition states none: a month, « dans le mois suivant la signature ». */
export const DEFAULT_GRACE_AFTER_SIGNATURE = 'P1M';

/**
 * The last day of the grace, counted from the day of the last signature as French texts count a
 * period after an event (`period-end.ts`); null when the convention takes effect on or after it.
 */
export function lateDueOn(
  effectiveOn: IsoDate,
  signedOn: IsoDate,
  grace: string | undefined,
  zone: string,
): IsoDate | null {
  if (effectiveOn >= signedOn) return null;
  return lastDayOf({ after: signedOn }, grace ?? DEFAULT_GRACE_AFTER_SIGNATURE, zone);
}

/** An occurrence due before the grace ends is due when it ends, flagged late. */
export function withLateDue(
  context: Pick<CommitmentContext, 'lateDueOn'>,
  occurrence: Occurrence,
): Occurrence {
  const until = context.lateDueOn;
  if (until === undefined || occurrence.dueOn >= until) return occurrence;
  return { ...occurrence, dueOn: until, late: true, dueUnderTermsOn: occurrence.dueOn };
}

/** The due date the terms give an occurrence (a late one's is the grace's last day). */
export function termsDueOn(occurrence: Occurrence): IsoDate {
  return occurrence.dueUnderTermsOn ?? occurrence.dueOn;
}

/**
 * A one-off due before the grace ends is due when it ends, flagged late; the fields to assign
 * (none when it is not late).
 */
export function lateOneOff(
  context: Pick<CommitmentContext, 'lateDueOn'>,
  dueOn: IsoDate | null,
): { dueOn: IsoDate; late: true; dueUnderTermsOn: IsoDate } | null {
  const until = context.lateDueOn;
  if (until === undefined || dueOn === null || dueOn >= until) return null;
  return { dueOn: until, late: true, dueUnderTermsOn: dueOn };
}

/**
 * A late occurrence just fulfilled: the next one opens at once if its period has begun on the
 * day of the fulfilment, so that the owner records past occurrences one after the other before
 * the grace ends (otherwise it opens when the late one's due date passes, as any other).
 */
export function opensNextAtOnce(fulfilled: Occurrence, next: Occurrence, on: IsoDate): boolean {
  return fulfilled.late === true && fulfilled.status === 'FULFILLED' && next.startsOn <= on;
}
