import { ActorRefFrom } from 'xstate';
import { IsoDate, IsoInstant } from './calendar';
import { commitmentMachine } from './commitment.machine';
import { Term } from './convention-dates';
import { AmendmentChanges, AmendmentKind, Assessment, ConventionInput } from './convention.events';
import { CommitmentDefinition, ConventionRules } from './definition';
import { RulesVersion } from './rules-version';

/** The data a convention machine carries. Everything here is persisted and replayed. */

export interface Signature {
  signatoryId: string;
  partyId: string;
  userId: string;
  /** Name on the token that signed. */
  name: string;
  at: IsoInstant;
}

export interface Notice {
  partyId: string;
  userId: string;
  givenAt: IsoInstant;
  givenOn: IsoDate;
  effectiveOn: IsoDate;
  reason: string;
}

export interface EvaluationSubmission {
  partyId: string;
  userId: string;
  at: IsoInstant;
  assessments: Assessment[];
  summary: string | null;
}

export interface EvaluationRound {
  /** Sequence over the convention's whole life. */
  number: number;
  termNumber: number;
  /** Position of the window within its term (1-based). */
  index: number;
  opensOn: IsoDate;
  dueOn: IsoDate | null;
  submissions: EvaluationSubmission[];
  completedAt: IsoInstant | null;
  /** Set when the due date passed with submissions missing: visible, never silently skipped. */
  overdueSince: IsoDate | null;
}

export const TERMINATION_CAUSES = [
  'NOTICE',
  'EXPIRY',
  'EVALUATION',
  'COMPLETION',
  'BREACH',
  'FORCE_MAJEURE',
] as const;
export type TerminationCause = (typeof TERMINATION_CAUSES)[number];

export interface Termination {
  on: IsoDate;
  at: IsoInstant;
  cause: TerminationCause;
}

/** What the convention says of one commitment now: its definition, versioned by amendments. */
export interface CommitmentTerms extends CommitmentDefinition {
  /** The previous version this one replaces, when an amendment changed it. */
  supersedes: string | null;
  supersededBy: string | null;
  /** The amendment that added or changed it; null for the original text. */
  amendmentId: string | null;
}

export const AMENDMENT_STATUSES = ['PROPOSED', 'SIGNED', 'APPLIED', 'WITHDRAWN', 'LAPSED'] as const;
export type AmendmentStatus = (typeof AMENDMENT_STATUSES)[number];

export const FORMAL_NOTICE_STATUSES = ['OPEN', 'CURED', 'UNCURED'] as const;
export type FormalNoticeStatus = (typeof FORMAL_NOTICE_STATUSES)[number];

export interface AmendmentDiff {
  added: string[];
  /** `from` is the superseded commitment, `to` its new version. */
  changed: { from: string; to: string }[];
  waived: string[];
  rules: string[];
}

export interface Amendment {
  id: string;
  kind: AmendmentKind;
  summary: string;
  proposedBy: string;
  proposedAt: IsoInstant;
  effectiveOn: IsoDate | null;
  changes: AmendmentChanges;
  signatures: Signature[];
  status: AmendmentStatus;
  /** When it was signed by all, withdrawn, lapsed or applied. */
  settledAt: IsoInstant | null;
  diff: AmendmentDiff | null;
}

export interface Meeting {
  committee: string;
  heldOn: IsoDate;
  attendingParties: string[];
  minutesUrl: string | null;
  decisions: string[];
  recordedBy: string;
  recordedAt: IsoInstant;
  /**
   * The recurring commitment whose occurrence it fulfilled; null for a committee that meets
   * `regularly` (its meetings are evidence and fulfil nothing).
   */
  commitmentId: string | null;
  /**
   * Rules v2: the members that recorded the same meeting after `recordedBy` (confirming or
   * correcting its record: one meeting is one meeting, whoever records it). Absent under v1.
   */
  confirmedBy?: string[];
  /**
   * Rules v2: whether its attendance reaches the committee's quorum. A meeting short of it is
   * recorded but fulfils nothing until a later record completes the attendance. Absent under v1.
   */
  quorate?: boolean;
  /**
   * Rules v3: the user who recorded the meeting for each party that recorded it (the actors its
   * confirmations carry). Absent under v1 and v2.
   */
  recorders?: Record<string, string>;
}

export interface FormalNotice {
  commitmentId: string;
  servedBy: string;
  servedAt: IsoInstant;
  servedOn: IsoDate;
  reason: string;
  /** Last day to cure. */
  cureBy: IsoDate;
  status: FormalNoticeStatus;
  /**
   * `breach.termination: right`, the notice left without effect: the day the right to terminate
   * opened, and the parties holding it (those the commitment is owed to, not its owners). Absent
   * otherwise (and in every snapshot stored before).
   */
  rightSince?: IsoDate;
  rightHolders?: string[];
  /** The day the right lapsed: the owners cured the breach late. */
  rightLapsedOn?: IsoDate;
}

/** The breach of a standing duty, reported by a creditor party (rules v2). */
export interface Breach {
  commitmentId: string;
  reportedBy: string;
  reportedAt: IsoInstant;
  reportedOn: IsoDate;
  description: string;
  evidenceUrl: string;
}

export interface Suspension {
  partyId: string;
  since: IsoDate;
  reason: string;
  /**
   * The last day the suspension may run (since + the maximum): v2 terminates the convention
   * if it still runs the day after; v1 terminated it on this day itself.
   */
  limitOn: IsoDate | null;
  /** Where the convention stood when suspended. */
  resumeTo: 'active' | 'evaluated' | 'renewed';
  /**
   * `forceMajeure.termination: right`: the day the suspension went past its limit and the other
   * parties' right to terminate opened. Absent otherwise (and in every snapshot stored before).
   */
  rightSince?: IsoDate;
}

export type CommitmentRef = ActorRefFrom<typeof commitmentMachine>;

/**
 * What the machine starts from: the stored CONVENTION_CREATED payload, and the rules version
 * the convention runs under for its whole life (the version of that event, not in its payload).
 */
export interface ConventionMachineInput extends ConventionInput {
  rulesVersion: RulesVersion;
}

export interface ConventionContext extends ConventionMachineInput {
  rules: ConventionRules;
  terms: Record<string, CommitmentTerms>;
  signatures: Signature[];
  effectiveOn: IsoDate | null;
  term: Term | null;
  notice: Notice | null;
  evaluation: EvaluationRound | null;
  pastEvaluations: EvaluationRound[];
  amendments: Amendment[];
  meetings: Meeting[];
  formalNotices: FormalNotice[];
  /**
   * Breaches of standing duties reported (rules v2). Absent until the first one: a snapshot
   * stored before this field existed, or with no breach, stays as it was.
   */
  breaches?: Breach[];
  suspension: Suspension | null;
  termination: Termination | null;
  commitments: Record<string, CommitmentRef>;
}

export function pendingAmendment(context: Pick<ConventionContext, 'amendments'>): Amendment | undefined {
  return context.amendments.find((a) => a.status === 'PROPOSED' || a.status === 'SIGNED');
}
