import { Actor } from '../machines/actor';
import { AmendmentChanges, Assessment } from '../machines/convention.events';
import { ConventionContext } from '../machines/convention.machine';
import { RulesVersion } from '../machines/rules-version';

/**
 * A client's key for a request, with the fingerprint of its input: a retry with the same key
 * returns the first answer and appends nothing; the same key with another input is a CONFLICT.
 */
export interface Idempotency {
  key: string;
  fingerprint: string;
}

/** What every command carries: who sends it, and the request's key when it has one. */
export interface Command {
  actor: Actor;
  idempotency?: Idempotency | null;
}

/** What a mutation carries besides its input. */
export type CommandOptions = Pick<Command, 'idempotency'>;

export interface CreateConventionCommand extends Command {
  workflowId: string;
  title?: string | null;
  effectiveOn?: string | null;
  /** Ids of the definition's options chosen for this convention; none by default. */
  options?: string[] | null;
  /** Internal (golden histories, tests): create under an earlier rules version. */
  rulesVersion?: RulesVersion;
}

export interface SignCommand extends Command {
  conventionId: string;
  /** Needed only when the actor's party signs through several signatories. */
  signatoryId?: string | null;
}

export interface MarkCommitmentDoneCommand extends Command {
  commitmentId: string;
  note: string | null;
  evidenceUrl: string | null;
}

export interface SubmitEvaluationCommand extends Command {
  conventionId: string;
  assessments: Assessment[];
  summary: string | null;
}

export interface GiveNoticeCommand extends Command {
  conventionId: string;
  reason: string;
}

export interface ProposeAmendmentCommand extends Command {
  conventionId: string;
  /** Built from the convention as it stands inside the write (the rules and terms it changes). */
  changes: (context: ConventionContext) => AmendmentChanges;
  effectiveOn: string | null;
  summary: string;
}

export interface ProposeRenewalCommand extends Command {
  conventionId: string;
  summary: string | null;
}

export interface SignAmendmentCommand extends Command {
  conventionId: string;
  /** The pending amendment when absent. */
  amendmentId?: string | null;
  signatoryId?: string | null;
}

export interface WithdrawAmendmentCommand extends Command {
  conventionId: string;
  amendmentId: string;
  reason: string;
}

export interface RecordMeetingCommand extends Command {
  conventionId: string;
  committee: string;
  heldOn: string;
  attendingParties: string[];
  minutesUrl: string | null;
  decisions: string[];
}

export interface ReopenCommitmentCommand extends Command {
  commitmentId: string;
  reason: string;
}

export interface ServeFormalNoticeCommand extends Command {
  commitmentId: string;
  reason: string;
}

export interface ReportBreachCommand extends Command {
  commitmentId: string;
  description: string;
  evidenceUrl: string;
}

export interface SuspendCommand extends Command {
  conventionId: string;
  reason: string;
}

export interface ResumeCommand extends Command {
  conventionId: string;
}

/** A party holding a right to terminate (« pourra résilier ») exercises it. */
export interface TerminateCommand extends Command {
  conventionId: string;
  reason: string;
  /** The right exercised, when the party holds both a force majeure and a breach right. */
  cause?: string;
}

/** Manual clock only: moves time forward to `to`, firing what falls due on the way. */
export interface AdvanceClockCommand extends Command {
  to: string;
}
