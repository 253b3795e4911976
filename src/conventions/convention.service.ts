import { ChangeFeed } from '../changes/change-feed';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { isHttpUrl } from '../common/http-url';
import { IdGenerator } from '../common/id-generator';
import { DEFAULT_LIVE_ACTORS } from '../config';
import { Database } from '../database/database';
import { ConventionRecord } from './records';
import { Actor } from '../machines/actor';
import { restoreConvention } from '../machines/convention.engine';
import { pendingAmendment } from '../machines/convention.machine';
import { EXERCISED_CAUSES, isExercisedCause } from '../machines/convention.events';
import { pendingSignatories } from '../machines/convention.view';
import { FIRST_DAY, isDayInWindow, LAST_DAY } from '../machines/date-window';
import { ConventionDefinition } from '../machines/definition';
import { chosenOptions } from './chosen-options';
import { EventObserver } from './event-observer';
import { DefinitionRegistry } from '../workflows/definition-registry';
import {
  Command,
  CreateConventionCommand,
  GiveNoticeCommand,
  MarkCommitmentDoneCommand,
  ProposeAmendmentCommand,
  ProposeRenewalCommand,
  RecordMeetingCommand,
  ReopenCommitmentCommand,
  ResumeCommand,
  ReportBreachCommand,
  ServeFormalNoticeCommand,
  SignAmendmentCommand,
  SignCommand,
  SubmitEvaluationCommand,
  SuspendCommand,
  TerminateCommand,
  WithdrawAmendmentCommand,
} from './commands';
import { EventLogRepository } from '../events/event-log.repository';
import { ConventionProjection } from './convention-projection';
import { ConventionRepository } from './convention.repository';
import { ConventionWriter } from './convention-writer';
import { DeadlineStore } from './deadline-store';
import { IdempotencyGate, keyedRequest } from './idempotency-gate';
import { IdempotencyRepository } from './idempotency.repository';
import { EventBody, EventSource, TransitionResult } from './write-state';

export type { CommandOptions, CreateConventionCommand } from './commands';
export type { TransitionResult } from './write-state';
export { MAX_EVENTS_PER_WRITE } from './write-state';

/**
 * The effective date a new convention records (`agreedEffectiveOn`): the definition's
 * `term.startsOn` when it states one, which `effectiveOn` may repeat but not contradict; else
 * `effectiveOn`; null: the day of the last signature.
 */
function agreedEffectiveDate(definition: ConventionDefinition, effectiveOn: string | null): string | null {
  if (effectiveOn !== null && !isDayInWindow(effectiveOn)) {
    throw new DomainError(
      'BAD_USER_INPUT',
      `effectiveOn must be a real date (YYYY-MM-DD) from ${FIRST_DAY} to ${LAST_DAY}, got "${effectiveOn}"`,
    );
  }
  const startsOn = definition.term.startsOn;
  if (startsOn !== undefined && effectiveOn !== null && effectiveOn !== startsOn) {
    throw new DomainError(
      'BAD_USER_INPUT',
      `effectiveOn ${effectiveOn} contradicts the definition, which takes effect on ${startsOn} (term.startsOn): leave effectiveOn out`,
    );
  }
  return startsOn ?? effectiveOn;
}

/**
 * The commands on conventions: each checks its input, builds its event and hands it to the
 * writer, which runs the one write pipeline (see `ConventionWriter`).
 */
export class ConventionService {
  readonly writer: ConventionWriter;

  constructor(
    private readonly db: Database,
    conventions: ConventionRepository,
    eventLog: EventLogRepository,
    projection: ConventionProjection,
    deadlines: DeadlineStore,
    private readonly registry: DefinitionRegistry,
    clock: Clock,
    ids: IdGenerator,
    idempotency: IdempotencyRepository,
    changes: ChangeFeed,
    /** Conventions whose machines stay in memory between transitions. */
    liveActors = DEFAULT_LIVE_ACTORS,
    /** Messages written in each event's transaction; none when null. */
    notifications: { notifier: EventObserver } | null = null,
  ) {
    this.writer = new ConventionWriter({
      db,
      conventions,
      eventLog,
      projection,
      deadlines,
      registry,
      clock,
      ids,
      gate: new IdempotencyGate(idempotency, clock),
      changes,
      liveActors,
      notifier: notifications?.notifier ?? null,
    });
  }

  async create(command: CreateConventionCommand): Promise<ConventionRecord> {
    const { actor } = command;
    if (actor.role !== 'admin') throw new DomainError('FORBIDDEN', 'only an admin may create a convention');
    const definition = this.registry.latest(command.workflowId);
    if (!definition) throw new DomainError('NOT_FOUND', `no workflow ${command.workflowId}`);
    const agreedEffectiveOn = agreedEffectiveDate(definition, command.effectiveOn ?? null);
    const options = chosenOptions(definition, command.options);
    const title = command.title?.trim() || definition.title;
    const request = keyedRequest(actor, 'createConvention', command.idempotency);
    const result = await this.writer.create({
      actor,
      definition,
      title,
      agreedEffectiveOn,
      chosenOptions: options,
      request,
      rulesVersion: command.rulesVersion,
    });
    return result.convention;
  }

  async sign(command: SignCommand): Promise<ConventionRecord> {
    const { actor, conventionId, signatoryId } = command;
    const chosen = signatoryId ?? (await this.soleSignatory(actor, conventionId));
    return this.transition('signConvention', command, conventionId, {
      type: 'SIGNATURE_GIVEN',
      signatoryId: chosen,
    });
  }

  async markCommitmentDone(command: MarkCommitmentDoneCommand): Promise<TransitionResult> {
    const { commitmentId, note, evidenceUrl } = command;
    if (evidenceUrl !== null && !isHttpUrl(evidenceUrl)) {
      throw new DomainError('BAD_USER_INPUT', 'evidenceUrl must be an http(s) URL');
    }
    return this.onCommitment('markCommitmentDone', command, commitmentId, (key) => ({
      type: 'COMMITMENT_CONFIRMED',
      commitmentId: key,
      note,
      evidenceUrl,
    }));
  }

  async submitEvaluation(command: SubmitEvaluationCommand): Promise<ConventionRecord> {
    const { conventionId, assessments, summary } = command;
    return this.transition('submitEvaluation', command, conventionId, {
      type: 'EVALUATION_SUBMITTED',
      assessments,
      summary,
    });
  }

  async giveNotice(command: GiveNoticeCommand): Promise<ConventionRecord> {
    const { conventionId, reason } = command;
    if (!reason.trim()) throw new DomainError('BAD_USER_INPUT', 'a notice needs a reason');
    return this.transition('giveNotice', command, conventionId, {
      type: 'NOTICE_GIVEN',
      reason: reason.trim(),
    });
  }

  async proposeAmendment(command: ProposeAmendmentCommand): Promise<ConventionRecord> {
    const { actor: _actor, conventionId, idempotency: _idempotency, ...proposal } = command;
    if (!proposal.summary.trim()) throw new DomainError('BAD_USER_INPUT', 'an amendment needs a summary');
    return this.transition('proposeAmendment', command, conventionId, (context) => {
      return {
        type: 'AMENDMENT_PROPOSED',
        amendmentId: `A${context.amendments.length + 1}`,
        kind: 'CHANGE',
        changes: proposal.changes(context),
        effectiveOn: proposal.effectiveOn,
        summary: proposal.summary,
      };
    });
  }

  async proposeRenewal(command: ProposeRenewalCommand): Promise<ConventionRecord> {
    const { conventionId, summary } = command;
    return this.transition('proposeRenewal', command, conventionId, (context) => ({
      type: 'AMENDMENT_PROPOSED',
      amendmentId: `A${context.amendments.length + 1}`,
      kind: 'RENEWAL',
      changes: {},
      effectiveOn: null,
      summary: summary ?? 'Renouvellement par voie d’avenant',
    }));
  }

  async signAmendment(command: SignAmendmentCommand): Promise<ConventionRecord> {
    const { actor, conventionId, amendmentId, signatoryId } = command;
    return this.transition('signAmendment', command, conventionId, (context, definition) => {
      const amendment = amendmentId
        ? context.amendments.find((a) => a.id === amendmentId)
        : pendingAmendment(context);
      if (!amendment)
        throw new DomainError('NOT_FOUND', `no amendment ${amendmentId ?? 'pending'} on this convention`);
      const pending = (definition.parties.find((p) => p.id === actor.partyId)?.signatories ?? [])
        .map((s) => s.id)
        .filter((id) => !amendment.signatures.some((sig) => sig.signatoryId === id));
      if (!signatoryId && pending.length > 1) {
        throw new DomainError(
          'BAD_USER_INPUT',
          `your party signs through several signatories; say which: ${pending.join(', ')}`,
        );
      }
      const chosen = signatoryId ?? pending[0] ?? signatoryOf(definition, actor) ?? '(none)';
      return { type: 'AMENDMENT_SIGNED', amendmentId: amendment.id, signatoryId: chosen };
    });
  }

  async withdrawAmendment(command: WithdrawAmendmentCommand): Promise<ConventionRecord> {
    const { conventionId, amendmentId, reason } = command;
    if (!reason.trim()) throw new DomainError('BAD_USER_INPUT', 'a withdrawal needs a reason');
    return this.transition('withdrawAmendment', command, conventionId, (context) => {
      if (!context.amendments.some((a) => a.id === amendmentId)) {
        throw new DomainError('NOT_FOUND', `no amendment ${amendmentId} on this convention`);
      }
      return { type: 'AMENDMENT_WITHDRAWN', amendmentId, reason: reason.trim() };
    });
  }

  async recordMeeting(command: RecordMeetingCommand): Promise<ConventionRecord> {
    const { actor: _actor, conventionId, idempotency: _idempotency, ...meeting } = command;
    if (!isDayInWindow(meeting.heldOn))
      throw new DomainError('BAD_USER_INPUT', `heldOn must be a real date from ${FIRST_DAY} to ${LAST_DAY}`);
    if (meeting.minutesUrl !== null && !isHttpUrl(meeting.minutesUrl)) {
      throw new DomainError('BAD_USER_INPUT', 'minutesUrl must be an http(s) URL');
    }
    return this.transition('recordMeeting', command, conventionId, { type: 'MEETING_RECORDED', ...meeting });
  }

  async reopenCommitment(command: ReopenCommitmentCommand): Promise<TransitionResult> {
    const { commitmentId, reason } = command;
    return this.onCommitment('reopenCommitment', command, commitmentId, (key) => ({
      type: 'COMMITMENT_REOPENED',
      commitmentId: key,
      reason: reason.trim(),
    }));
  }

  async serveFormalNotice(command: ServeFormalNoticeCommand): Promise<TransitionResult> {
    const { commitmentId, reason } = command;
    if (!reason.trim()) throw new DomainError('BAD_USER_INPUT', 'a formal notice needs a reason');
    return this.onCommitment('serveFormalNotice', command, commitmentId, (key) => ({
      type: 'FORMAL_NOTICE_SERVED',
      commitmentId: key,
      reason: reason.trim(),
    }));
  }

  /** A creditor reports the breach of a standing duty, with its evidence (rules v2). */
  async reportBreach(command: ReportBreachCommand): Promise<TransitionResult> {
    const { commitmentId, description, evidenceUrl } = command;
    if (!description.trim()) throw new DomainError('BAD_USER_INPUT', 'a breach needs a description');
    if (!isHttpUrl(evidenceUrl.trim())) {
      throw new DomainError('BAD_USER_INPUT', 'evidenceUrl must be an http(s) URL');
    }
    return this.onCommitment('reportBreach', command, commitmentId, (key) => ({
      type: 'BREACH_REPORTED',
      commitmentId: key,
      description: description.trim(),
      evidenceUrl: evidenceUrl.trim(),
    }));
  }

  async suspend(command: SuspendCommand): Promise<ConventionRecord> {
    const { conventionId, reason } = command;
    if (!reason.trim()) throw new DomainError('BAD_USER_INPUT', 'a suspension needs a reason');
    return this.transition('suspendConvention', command, conventionId, {
      type: 'CONVENTION_SUSPENDED',
      reason: reason.trim(),
    });
  }

  async resume(command: ResumeCommand): Promise<ConventionRecord> {
    return this.transition('resumeConvention', command, command.conventionId, {
      type: 'CONVENTION_RESUMED',
    });
  }

  /** Exercises a right to terminate: the convention terminates that day, for the right's ground. */
  async terminate(command: TerminateCommand): Promise<ConventionRecord> {
    const { conventionId, reason, cause } = command;
    if (!reason.trim()) throw new DomainError('BAD_USER_INPUT', 'a termination needs a reason');
    if (cause !== undefined && !isExercisedCause(cause)) {
      throw new DomainError(
        'BAD_USER_INPUT',
        `a right to terminate has the cause ${EXERCISED_CAUSES.join(' or ')}, not ${cause}`,
      );
    }
    return this.transition('terminateConvention', command, conventionId, {
      type: 'TERMINATION_EXERCISED',
      reason: reason.trim(),
      // Absent unless named: the events stored before it existed carry none.
      ...(cause ? { cause } : {}),
    });
  }

  definitionOf(row: Pick<ConventionRecord, 'definitionId' | 'definitionVersion'>): ConventionDefinition {
    return this.writer.definitionOf(row);
  }

  /** Hands a command about a whole convention to the writer; answers the convention after it. */
  private async transition(
    operation: string,
    { actor, idempotency }: Command,
    conventionId: string,
    event: EventSource,
  ): Promise<ConventionRecord> {
    const request = keyedRequest(actor, operation, idempotency);
    const result = await this.writer.transition({ actor, conventionId, request, event, commitmentId: null });
    return result.convention;
  }

  /** Hands a command about one commitment to the writer, on the stream of its convention. */
  private async onCommitment(
    operation: string,
    { actor, idempotency }: Command,
    commitmentId: string,
    body: (key: string) => EventBody,
  ): Promise<TransitionResult> {
    const request = keyedRequest(actor, operation, idempotency);
    // The id names its convention (`<conventionId>:<key>`, and a key has no colon): no read to
    // find it; the commitment's existence is checked on the convention the write loads.
    const split = commitmentId.lastIndexOf(':');
    const notFound = () => new DomainError('NOT_FOUND', `no commitment ${commitmentId}`);
    if (split <= 0) throw notFound();
    const conventionId = commitmentId.slice(0, split);
    const key = commitmentId.slice(split + 1);
    return this.writer.transition({
      actor,
      conventionId,
      request,
      event: (context) => {
        if (!Object.hasOwn(context.commitments, key)) throw notFound();
        return body(key);
      },
      commitmentId,
    });
  }

  private async soleSignatory(actor: Actor, conventionId: string): Promise<string> {
    const row = await this.writer.mustLoad(this.db.read, conventionId);
    const definition = this.definitionOf(row);
    const machine = restoreConvention(definition, JSON.parse(row.snapshot));
    const pending = pendingSignatories(definition, machine.getSnapshot().context, actor);
    const party = definition.parties.find((p) => p.id === actor.partyId);
    // Let the machine refuse (FORBIDDEN / INVALID_TRANSITION) when there is nothing to choose.
    if (pending.length <= 1) return pending[0] ?? party?.signatories[0]?.id ?? '(none)';
    throw new DomainError(
      'BAD_USER_INPUT',
      `${party?.shortName ?? actor.partyId} signs through several signatories; say which: ${pending.join(', ')}`,
    );
  }
}

function signatoryOf(definition: ConventionDefinition, actor: Actor): string | undefined {
  return definition.parties.find((p) => p.id === actor.partyId)?.signatories[0]?.id;
}
