import { Actor } from './actor';
import { IsoDate, IsoInstant } from './calendar';

/**
 * Events of a convention. Each accepted event is stored as it is (type, payload, actor,
 * time) and replayed through the same machine by an auditor. Every event carries the actor
 * taken from the token and the instant from the clock.
 */
interface Envelope {
  actor: Actor;
  at: IsoInstant;
}

export type AssessmentRating = 'EXCEEDED' | 'MET' | 'PARTIALLY_MET' | 'NOT_MET';

export interface Assessment {
  criterion: string;
  rating: AssessmentRating;
  comment: string | null;
}

export type ConventionEvent =
  | ({ type: 'SIGNATURE_GIVEN'; signatoryId: string } & Envelope)
  | ({ type: 'EFFECTIVE_DATE_REACHED' } & Envelope)
  | ({
      type: 'COMMITMENT_CONFIRMED';
      commitmentId: string;
      note: string | null;
      evidenceUrl: string | null;
    } & Envelope)
  | ({ type: 'COMMITMENT_DUE_PASSED'; commitmentId: string } & Envelope)
  | ({ type: 'EVALUATION_SUBMITTED'; assessments: Assessment[]; summary: string | null } & Envelope)
  | ({ type: 'NOTICE_GIVEN'; reason: string } & Envelope)
  | ({ type: 'NOTICE_DEADLINE_PASSED' } & Envelope)
  | ({ type: 'TERM_ENDED' } & Envelope)
  | ({ type: 'TERMINATION_TOOK_EFFECT' } & Envelope)
  | ({ type: 'EVALUATION_PERIOD_OPENED' } & Envelope);

export type ConventionEventType = ConventionEvent['type'];

/** Events only the scheduler may send: time-driven transitions. */
export const TIME_EVENT_TYPES = [
  'EFFECTIVE_DATE_REACHED',
  'COMMITMENT_DUE_PASSED',
  'NOTICE_DEADLINE_PASSED',
  'TERM_ENDED',
  'TERMINATION_TOOK_EFFECT',
  'EVALUATION_PERIOD_OPENED',
] as const satisfies readonly ConventionEventType[];

/** The stored first event of every stream: the machine's input. */
export const CONVENTION_CREATED = 'CONVENTION_CREATED';

export interface ConventionInput {
  conventionId: string;
  title: string;
  createdAt: IsoInstant;
  /** Effective date agreed in the text; null means « à compter de la signature ». */
  agreedEffectiveOn: IsoDate | null;
}

/** The event payload as stored: the event without its envelope and type. */
export type EventPayload = Record<string, unknown>;

export function payloadOf(event: ConventionEvent): EventPayload {
  const { type: _type, actor: _actor, at: _at, ...payload } = event;
  return payload;
}

export function eventFrom(
  type: ConventionEventType,
  payload: EventPayload,
  actor: Actor,
  at: IsoInstant,
): ConventionEvent {
  return { ...payload, type, actor, at } as ConventionEvent;
}
