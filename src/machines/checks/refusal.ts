import { IsoDate, IsoInstant, localDate } from '../calendar';
import { ConventionEvent } from '../convention.events';
import { ConventionDefinition } from '../definition';

/**
 * Why the machine refuses an event, written once: the guard is `check(...) === undefined`
 * and the refusal a client receives is the first failing check's.
 */
export type RefusalCode = 'FORBIDDEN' | 'INVALID_TRANSITION' | 'BAD_USER_INPUT';

export interface CheckRefusal {
  code: RefusalCode;
  /** A sentence a person can act on: what is wrong and, where it helps, what would be right. */
  reason: string;
  details?: Record<string, unknown>;
}

/** What the checks need of a definition: who the parties are, its committees, its time zone. */
export type Roster = Pick<ConventionDefinition, 'parties' | 'committees' | 'timeZone'>;

export type EventOf<T extends ConventionEvent['type']> = Extract<ConventionEvent, { type: T }>;

export function invalid(reason: string, details?: Record<string, unknown>): CheckRefusal {
  return details ? { code: 'INVALID_TRANSITION', reason, details } : { code: 'INVALID_TRANSITION', reason };
}

export function badInput(reason: string, details?: Record<string, unknown>): CheckRefusal {
  return details ? { code: 'BAD_USER_INPUT', reason, details } : { code: 'BAD_USER_INPUT', reason };
}

export function dayIn(roster: Pick<Roster, 'timeZone'>, at: IsoInstant): IsoDate {
  return localDate(at, roster.timeZone);
}

/** Every signatory of every party that has not signed yet. */
export function unsignedSignatories(
  roster: Pick<Roster, 'parties'>,
  signatures: readonly { signatoryId: string }[],
): string[] {
  return roster.parties
    .flatMap((p) => p.signatories.map((s) => s.id))
    .filter((id) => !signatures.some((sig) => sig.signatoryId === id));
}
