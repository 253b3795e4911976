import { Actor } from './actor';
import { IsoDate, IsoInstant } from './calendar';
import {
  CommitmentDefinition,
  EvaluationDefinition,
  NoticeDefinition,
  RenewalDefinition,
  TermDefinition,
} from './definition';

/**
 * Events of a convention. Each accepted event is stored as it is (type, payload, actor,
 * time) and replayed through the same machine by an auditor. Every event carries the actor
 * taken from the token and the instant from the clock.
 */
interface Envelope {
  actor: Actor;
  at: IsoInstant;
}

export const ASSESSMENT_RATINGS = ['EXCEEDED', 'MET', 'PARTIALLY_MET', 'NOT_MET'] as const;
export type AssessmentRating = (typeof ASSESSMENT_RATINGS)[number];

export interface Assessment {
  criterion: string;
  rating: AssessmentRating;
  comment: string | null;
}

/** What an amendment (avenant) changes. Commitments keep their key; a changed one gets a new version. */
export interface AmendmentChanges {
  addCommitments?: CommitmentDefinition[];
  /** New wording or rules for existing commitments: each becomes a new version that supersedes the old. */
  changeCommitments?: (Partial<Omit<CommitmentDefinition, 'id'>> & { id: string })[];
  waiveCommitments?: string[];
  term?: TermDefinition;
  renewal?: RenewalDefinition;
  notice?: NoticeDefinition;
  evaluation?: EvaluationDefinition | null;
}

export const AMENDMENT_KINDS = ['CHANGE', 'RENEWAL'] as const;
export type AmendmentKind = (typeof AMENDMENT_KINDS)[number];

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
  | ({ type: 'EVALUATION_PERIOD_OPENED' } & Envelope)
  | ({ type: 'EVALUATION_DUE_PASSED' } & Envelope)
  | ({ type: 'COMMITMENT_REOPENED'; commitmentId: string; reason: string } & Envelope)
  | ({
      type: 'AMENDMENT_PROPOSED';
      amendmentId: string;
      kind: AmendmentKind;
      changes: AmendmentChanges;
      effectiveOn: IsoDate | null;
      summary: string;
    } & Envelope)
  | ({ type: 'AMENDMENT_SIGNED'; amendmentId: string; signatoryId: string } & Envelope)
  | ({ type: 'AMENDMENT_WITHDRAWN'; amendmentId: string; reason: string } & Envelope)
  | ({ type: 'AMENDMENT_TOOK_EFFECT'; amendmentId: string } & Envelope)
  | ({
      type: 'MEETING_RECORDED';
      committee: string;
      heldOn: IsoDate;
      attendingParties: string[];
      minutesUrl: string | null;
      decisions: string[];
    } & Envelope)
  | ({ type: 'FORMAL_NOTICE_SERVED'; commitmentId: string; reason: string } & Envelope)
  /** Rules v2: a creditor reports the breach of a standing duty, with its evidence. */
  | ({ type: 'BREACH_REPORTED'; commitmentId: string; description: string; evidenceUrl: string } & Envelope)
  | ({ type: 'CURE_PERIOD_ENDED'; commitmentId: string } & Envelope)
  | ({ type: 'CONVENTION_SUSPENDED'; reason: string } & Envelope)
  | ({ type: 'CONVENTION_RESUMED' } & Envelope)
  | ({ type: 'SUSPENSION_LIMIT_REACHED' } & Envelope)
  /**
   * A party holding a right to terminate (« pourra résilier ») exercises it; effective that day.
   * `cause`: the right exercised, named when both a force majeure and a breach right are open
   * to the party; absent, the one right it holds (every event stored before it existed).
   */
  | ({ type: 'TERMINATION_EXERCISED'; reason: string; cause?: ExercisedCause } & Envelope)
  | ({ type: 'SURVIVAL_ENDED'; commitmentId: string } & Envelope);

/** The grounds a right to terminate may have (`forceMajeure` or `breach` `termination: right`). */
export const EXERCISED_CAUSES = ['FORCE_MAJEURE', 'BREACH'] as const;
export type ExercisedCause = (typeof EXERCISED_CAUSES)[number];
export function isExercisedCause(cause: string): cause is ExercisedCause {
  return (EXERCISED_CAUSES as readonly string[]).includes(cause);
}

export type ConventionEventType = ConventionEvent['type'];

/** Events only the scheduler may send: time-driven transitions. */
export const TIME_EVENT_TYPES = [
  'EFFECTIVE_DATE_REACHED',
  'COMMITMENT_DUE_PASSED',
  'NOTICE_DEADLINE_PASSED',
  'TERM_ENDED',
  'TERMINATION_TOOK_EFFECT',
  'EVALUATION_PERIOD_OPENED',
  'EVALUATION_DUE_PASSED',
  'AMENDMENT_TOOK_EFFECT',
  'CURE_PERIOD_ENDED',
  'SUSPENSION_LIMIT_REACHED',
  'SURVIVAL_ENDED',
] as const satisfies readonly ConventionEventType[];

/** The stored first event of every stream: the machine's input. */
export const CONVENTION_CREATED = 'CONVENTION_CREATED';

export interface ConventionInput {
  conventionId: string;
  title: string;
  createdAt: IsoInstant;
  /** Effective date agreed in the text; null means « à compter de la signature ». */
  agreedEffectiveOn: IsoDate | null;
  /**
   * The options of the definition chosen at creation, in the definition's order; absent when
   * none was chosen (so conventions without options are recorded and replayed as before).
   */
  chosenOptions?: string[];
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

/**
 * `eventFrom` for a payload just parsed from JSON, which the caller gives up: the envelope is
 * set on it in place, the same object a spread would copy (its keys in order, then `type`,
 * `actor` and `at`). A replay makes one per event, and the spread of payloads of every kind
 * went megamorphic (3 % of the offline verifier's CPU). Anything but a plain object is copied.
 */
export function eventFromParsed(
  type: ConventionEventType,
  payload: unknown,
  actor: Actor,
  at: IsoInstant,
): ConventionEvent {
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) {
    return eventFrom(type, payload as EventPayload, actor, at);
  }
  const event = payload as EventPayload;
  event.type = type;
  event.actor = actor;
  event.at = at;
  return event as unknown as ConventionEvent;
}
