import { performance } from 'node:perf_hooks';
import { DateTime } from 'luxon';
import { EntityManager } from 'typeorm';
import { ChangeFeed, ConventionChange } from '../changes/change-feed';
import { Clock, ManualClock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { isHttpUrl } from '../common/http-url';
import { IdGenerator } from '../common/id-generator';
import { DEFAULT_LIVE_ACTORS } from '../config';
import { Database } from '../database/database';
import { CommitmentRow, ConventionRow, DeadlineRow } from '../database/entities';
import { Actor, SYSTEM_ACTOR } from '../machines/actor';
import {
  apply,
  ConventionActor,
  persist,
  restoreConvention,
  startConvention,
} from '../machines/convention.engine';
import {
  AmendmentChanges,
  Assessment,
  CONVENTION_CREATED,
  ConventionEvent,
  ConventionEventType,
  ConventionInput,
  payloadOf,
} from '../machines/convention.events';
import { ConventionContext, MACHINE_VERSION, pendingAmendment } from '../machines/convention.machine';
import {
  commitmentViews,
  CommitmentView,
  ConventionStatus,
  conventionView,
  pendingSignatories,
} from '../machines/convention.view';
import { FIRST_DAY, isDayInWindow, isInstantInWindow, LAST_DAY } from '../machines/date-window';
import { plannedDeadlines } from '../machines/deadlines';
import { ConventionDefinition, definitionRef } from '../machines/definition';
import { plannedReminders } from '../machines/reminders';
import { Notifier } from '../notifications/notifier';
import { ReminderService } from '../notifications/reminder.service';
import { DeadlineRepository } from '../scheduler/deadline.repository';
import { DefinitionRegistry } from '../workflows/definition-registry';
import { ConventionRepository, EventBatch } from './convention.repository';
import { IdempotencyRepository } from './idempotency.repository';
import { countCommittedEvents } from '../operations/metrics';

/** An event, or how to build it from the convention as it stands inside the transaction. */
type EventSource = EventBody | ((context: ConventionContext, definition: ConventionDefinition) => EventBody);

type EventBody = ConventionEvent extends infer E
  ? E extends ConventionEvent
    ? Omit<E, 'actor' | 'at'>
    : never
  : never;

/** What a mutation carries besides its input. */
export interface CommandOptions {
  /**
   * A client's key for this request, with the fingerprint of its input: a retry with the same
   * key returns the first answer and appends nothing; the same key with another input is a
   * CONFLICT.
   */
  idempotency?: { key: string; fingerprint: string } | null;
}

/** What a transition answers: the convention after it, and the commitment it was about. */
export interface TransitionResult {
  convention: ConventionRow;
  commitment: CommitmentRow | null;
}

/** A keyed request as the transaction sees it. */
interface KeyedRequest {
  actorId: string;
  key: string;
  operation: string;
  fingerprint: string;
}

/** Changes of one write, per convention, published once it committed. */
type ChangeLog = Map<string, ConventionChange>;

export interface CreateConventionCommand {
  workflowId: string;
  title?: string | null;
  effectiveOn?: string | null;
}

/**
 * Every change to a convention goes through `transition`: one write transaction that loads
 * the snapshot, restores the machine, sends the event, and either refuses with nothing
 * written or appends the event, updates the projections and re-plans the deadlines, then
 * commits. Nothing is answered before the commit.
 */
export class ConventionService {
  constructor(
    private readonly db: Database,
    private readonly conventions: ConventionRepository,
    private readonly deadlines: DeadlineRepository,
    private readonly registry: DefinitionRegistry,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly idempotency: IdempotencyRepository,
    private readonly changes: ChangeFeed,
    /** Conventions whose machines stay in memory between transitions. */
    private readonly liveActors = DEFAULT_LIVE_ACTORS,
    /** Messages and reminders written in each event's transaction; none when null. */
    private readonly notifications: { notifier: Notifier; reminders: ReminderService } | null = null,
  ) {}

  async create(
    actor: Actor,
    command: CreateConventionCommand,
    options: CommandOptions = {},
  ): Promise<ConventionRow> {
    if (actor.role !== 'admin') throw new DomainError('FORBIDDEN', 'only an admin may create a convention');
    const definition = this.registry.latest(command.workflowId);
    if (!definition) throw new DomainError('NOT_FOUND', `no workflow ${command.workflowId}`);
    const agreedEffectiveOn = command.effectiveOn ?? null;
    if (agreedEffectiveOn !== null && !isDayInWindow(agreedEffectiveOn)) {
      throw new DomainError(
        'BAD_USER_INPUT',
        `effectiveOn must be a real date (YYYY-MM-DD) from ${FIRST_DAY} to ${LAST_DAY}, got "${agreedEffectiveOn}"`,
      );
    }
    const title = command.title?.trim() || definition.title;
    const request = keyedRequest(actor, 'createConvention', options);
    const result = await this.writing(async (manager, write) => {
      const replayed = request && (await this.replayed(manager, request));
      if (replayed) return replayed;
      const at = await this.now(manager, null);
      const input: ConventionInput = {
        conventionId: this.ids.next(),
        title,
        createdAt: at,
        agreedEffectiveOn,
      };
      const machine = startConvention(definition, input);
      await this.record(manager, definition, machine, null, null, write, {
        type: CONVENTION_CREATED,
        payload: { ...input },
        actor,
        at,
        version: 1,
        idempotencyKey: request?.key ?? null,
      });
      return this.answer(manager, write, request, input.conventionId, null);
    });
    return result.convention;
  }

  async sign(
    actor: Actor,
    conventionId: string,
    signatoryId: string | null | undefined,
    options: CommandOptions = {},
  ): Promise<ConventionRow> {
    const chosen = signatoryId ?? (await this.soleSignatory(actor, conventionId));
    return this.transition(actor, conventionId, keyedRequest(actor, 'signConvention', options), {
      type: 'SIGNATURE_GIVEN',
      signatoryId: chosen,
    });
  }

  async markCommitmentDone(
    actor: Actor,
    commitmentId: string,
    note: string | null,
    evidenceUrl: string | null,
    options: CommandOptions = {},
  ): Promise<TransitionResult> {
    if (evidenceUrl !== null && !isHttpUrl(evidenceUrl)) {
      throw new DomainError('BAD_USER_INPUT', 'evidenceUrl must be an http(s) URL');
    }
    return this.onCommitment(
      actor,
      commitmentId,
      keyedRequest(actor, 'markCommitmentDone', options),
      (key) => ({
        type: 'COMMITMENT_CONFIRMED',
        commitmentId: key,
        note,
        evidenceUrl,
      }),
    );
  }

  async submitEvaluation(
    actor: Actor,
    conventionId: string,
    assessments: Assessment[],
    summary: string | null,
    options: CommandOptions = {},
  ): Promise<ConventionRow> {
    return this.transition(actor, conventionId, keyedRequest(actor, 'submitEvaluation', options), {
      type: 'EVALUATION_SUBMITTED',
      assessments,
      summary,
    });
  }

  async giveNotice(
    actor: Actor,
    conventionId: string,
    reason: string,
    options: CommandOptions = {},
  ): Promise<ConventionRow> {
    if (!reason.trim()) throw new DomainError('BAD_USER_INPUT', 'a notice needs a reason');
    return this.transition(actor, conventionId, keyedRequest(actor, 'giveNotice', options), {
      type: 'NOTICE_GIVEN',
      reason: reason.trim(),
    });
  }

  async proposeAmendment(
    actor: Actor,
    conventionId: string,
    proposal: {
      changes: (context: ConventionContext) => AmendmentChanges;
      effectiveOn: string | null;
      summary: string;
    },
    options: CommandOptions = {},
  ): Promise<ConventionRow> {
    if (!proposal.summary.trim()) throw new DomainError('BAD_USER_INPUT', 'an amendment needs a summary');
    const request = keyedRequest(actor, 'proposeAmendment', options);
    return this.transition(actor, conventionId, request, (context) => {
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

  async proposeRenewal(
    actor: Actor,
    conventionId: string,
    summary: string | null,
    options: CommandOptions = {},
  ): Promise<ConventionRow> {
    return this.transition(
      actor,
      conventionId,
      keyedRequest(actor, 'proposeRenewal', options),
      (context) => ({
        type: 'AMENDMENT_PROPOSED',
        amendmentId: `A${context.amendments.length + 1}`,
        kind: 'RENEWAL',
        changes: {},
        effectiveOn: null,
        summary: summary ?? 'Renouvellement par voie d’avenant',
      }),
    );
  }

  async signAmendment(
    actor: Actor,
    conventionId: string,
    amendmentId: string | null | undefined,
    signatoryId: string | null | undefined,
    options: CommandOptions = {},
  ): Promise<ConventionRow> {
    const request = keyedRequest(actor, 'signAmendment', options);
    return this.transition(actor, conventionId, request, (context, definition) => {
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

  async withdrawAmendment(
    actor: Actor,
    conventionId: string,
    amendmentId: string,
    reason: string,
    options: CommandOptions = {},
  ): Promise<ConventionRow> {
    if (!reason.trim()) throw new DomainError('BAD_USER_INPUT', 'a withdrawal needs a reason');
    const request = keyedRequest(actor, 'withdrawAmendment', options);
    return this.transition(actor, conventionId, request, (context) => {
      if (!context.amendments.some((a) => a.id === amendmentId)) {
        throw new DomainError('NOT_FOUND', `no amendment ${amendmentId} on this convention`);
      }
      return { type: 'AMENDMENT_WITHDRAWN', amendmentId, reason: reason.trim() };
    });
  }

  async recordMeeting(
    actor: Actor,
    conventionId: string,
    meeting: {
      committee: string;
      heldOn: string;
      attendingParties: string[];
      minutesUrl: string | null;
      decisions: string[];
    },
    options: CommandOptions = {},
  ): Promise<ConventionRow> {
    if (!isDayInWindow(meeting.heldOn))
      throw new DomainError('BAD_USER_INPUT', `heldOn must be a real date from ${FIRST_DAY} to ${LAST_DAY}`);
    if (meeting.minutesUrl !== null && !isHttpUrl(meeting.minutesUrl)) {
      throw new DomainError('BAD_USER_INPUT', 'minutesUrl must be an http(s) URL');
    }
    const request = keyedRequest(actor, 'recordMeeting', options);
    return this.transition(actor, conventionId, request, { type: 'MEETING_RECORDED', ...meeting });
  }

  async reopenCommitment(
    actor: Actor,
    commitmentId: string,
    reason: string,
    options: CommandOptions = {},
  ): Promise<TransitionResult> {
    return this.onCommitment(
      actor,
      commitmentId,
      keyedRequest(actor, 'reopenCommitment', options),
      (key) => ({
        type: 'COMMITMENT_REOPENED',
        commitmentId: key,
        reason: reason.trim(),
      }),
    );
  }

  async serveFormalNotice(
    actor: Actor,
    commitmentId: string,
    reason: string,
    options: CommandOptions = {},
  ): Promise<TransitionResult> {
    if (!reason.trim()) throw new DomainError('BAD_USER_INPUT', 'a formal notice needs a reason');
    return this.onCommitment(
      actor,
      commitmentId,
      keyedRequest(actor, 'serveFormalNotice', options),
      (key) => ({
        type: 'FORMAL_NOTICE_SERVED',
        commitmentId: key,
        reason: reason.trim(),
      }),
    );
  }

  async suspend(
    actor: Actor,
    conventionId: string,
    reason: string,
    options: CommandOptions = {},
  ): Promise<ConventionRow> {
    if (!reason.trim()) throw new DomainError('BAD_USER_INPUT', 'a suspension needs a reason');
    return this.transition(actor, conventionId, keyedRequest(actor, 'suspendConvention', options), {
      type: 'CONVENTION_SUSPENDED',
      reason: reason.trim(),
    });
  }

  async resume(actor: Actor, conventionId: string, options: CommandOptions = {}): Promise<ConventionRow> {
    return this.transition(actor, conventionId, keyedRequest(actor, 'resumeConvention', options), {
      type: 'CONVENTION_RESUMED',
    });
  }

  private async onCommitment(
    actor: Actor,
    commitmentId: string,
    request: KeyedRequest | null,
    body: (key: string) => EventBody,
  ): Promise<TransitionResult> {
    const commitment = await this.conventions.findCommitment(this.db.read, commitmentId);
    if (!commitment) throw new DomainError('NOT_FOUND', `no commitment ${commitmentId}`);
    return this.transitionFor(actor, commitment.conventionId, request, body(commitment.key), commitmentId);
  }

  /**
   * Fires one deadline as a system event, in its own transaction, under its convention's
   * stream lock. Firing a deadline that is no longer pending is a no-op; one the machine
   * refuses is settled as REFUSED.
   */
  async fireDeadline(deadlineId: number): Promise<'FIRED' | 'REFUSED' | 'SKIPPED'> {
    return this.writing(async (manager, write) => {
      const seen = await this.deadlines.findPending(manager, deadlineId);
      if (!seen) return 'SKIPPED';
      await this.conventions.lockStream(manager, seen.conventionId);
      // Read again under the lock: another instance may have fired it meanwhile.
      const deadline = await this.deadlines.findPending(manager, deadlineId);
      if (!deadline) return 'SKIPPED';
      return this.fireIn(manager, write, deadline);
    });
  }

  /**
   * Fires, earliest first, every deadline of one convention that is due now, in steps of at
   * most MAX_EVENTS_PER_WRITE, each step its own transaction. Each is chosen under the stream
   * lock, so instances racing on the same convention fire its deadlines in due order and each once.
   */
  async fireDue(conventionId: string): Promise<DeadlineRow[]> {
    const fired: DeadlineRow[] = [];
    for (;;) {
      const step = await this.writing(async (manager, write) => {
        const started = performance.now();
        await this.conventions.lockStream(manager, conventionId);
        const now = await this.now(manager, null);
        const done: DeadlineRow[] = [];
        for (let n = 0; n < MAX_EVENTS_PER_WRITE && performance.now() - started < STEP_BUDGET_MS; n++) {
          const deadline = await this.deadlines.nextDue(manager, conventionId, now);
          if (!deadline) return { done, more: false };
          if ((await this.fireIn(manager, write, deadline)) === 'FIRED') done.push(deadline);
        }
        return { done, more: true };
      });
      fired.push(...step.done);
      if (!step.more) return fired;
      await yieldToOthers();
    }
  }

  /**
   * Manual clock only: moves time forward to `to`, firing on the way, in due order and each
   * at its own due instant, every deadline that falls due (including ones planned by
   * earlier firings). Returns what fired.
   */
  async advanceClock(actor: Actor, to: string, options: CommandOptions = {}): Promise<DeadlineRow[]> {
    if (actor.role !== 'admin') throw new DomainError('FORBIDDEN', 'only an admin may move the clock');
    const clock = this.clock;
    if (!(clock instanceof ManualClock)) {
      throw new DomainError(
        'BAD_USER_INPUT',
        'the clock is the system clock; start the server with CLOCK=manual',
      );
    }
    const target = DateTime.fromISO(to, { setZone: true });
    if (!target.isValid || !isInstantInWindow(to)) {
      throw new DomainError(
        'BAD_USER_INPUT',
        `to must be an ISO-8601 instant from ${FIRST_DAY} to ${LAST_DAY}, got "${to}"`,
      );
    }
    const targetDate = target.toJSDate();
    // The firings go in steps, each its own transaction; the answer is kept once they all are done.
    const request = keyedRequest(actor, 'advanceClock', options);
    const replayed = request && (await this.replayed<DeadlineRow[]>(this.db.read, request));
    if (replayed) return replayed;
    if (targetDate.getTime() < clock.now().getTime()) {
      throw new DomainError('BAD_USER_INPUT', `the clock moves forward only; it is ${clock.nowIso()}`);
    }
    const fired: DeadlineRow[] = [];
    const reminders = this.notifications?.reminders;
    // Reminders go out at their own instants too, before a deadline due at the same one.
    const releaseReminders = async (until: string) => {
      for (let last = -1; reminders;) {
        const reminder = await reminders.nextDue(until);
        // The same one again could not be released: left for the dispatcher's next round.
        if (!reminder || reminder.id === last) return;
        last = reminder.id;
        if (reminder.dueAt > clock.nowIso()) clock.advanceTo(new Date(reminder.dueAt));
        await reminders.release(reminder.id);
      }
    };
    // In steps of at most MAX_EVENTS_PER_WRITE deadlines, each step one transaction.
    for (let more = true; more; await yieldToOthers()) {
      const [upcoming] = await this.deadlines.due(this.db.read, targetDate.toISOString(), 1);
      await releaseReminders(upcoming?.dueAt ?? targetDate.toISOString());
      const step = await this.writing(async (manager, write) => {
        const started = performance.now();
        const done: DeadlineRow[] = [];
        for (let n = 0; n < MAX_EVENTS_PER_WRITE && performance.now() - started < STEP_BUDGET_MS; n++) {
          const [next] = await this.deadlines.due(manager, targetDate.toISOString(), 1);
          if (!next) return { done, more: false };
          // A reminder the step itself planned before this deadline goes out first: next step.
          if (n > 0 && reminders && (await reminders.anyDueIn(manager, next.dueAt)))
            return { done, more: true };
          clock.advanceTo(new Date(next.dueAt));
          await this.conventions.lockStream(manager, next.conventionId);
          // Read again under the lock: another instance may have fired it meanwhile.
          const deadline = await this.deadlines.findPending(manager, next.id);
          if (deadline && (await this.fireIn(manager, write, deadline)) === 'FIRED') done.push(next);
        }
        return { done, more: true };
      });
      fired.push(...step.done);
      more = step.more;
    }
    await releaseReminders(targetDate.toISOString());
    clock.advanceTo(targetDate);
    if (request) await this.db.write((manager) => this.keepAnswer(manager, request, fired));
    return fired;
  }

  definitionOf(row: Pick<ConventionRow, 'definitionId' | 'definitionVersion'>): ConventionDefinition {
    const ref = `${row.definitionId}@${row.definitionVersion}`;
    const definition = this.registry.byReference(ref);
    if (!definition) throw new Error(`definition ${ref} is not published`);
    return definition;
  }

  private async transition(
    actor: Actor,
    conventionId: string,
    request: KeyedRequest | null,
    body: EventSource,
  ): Promise<ConventionRow> {
    return (await this.transitionFor(actor, conventionId, request, body, null)).convention;
  }

  /**
   * One write transaction: the stream lock, then (for a keyed retry) the first answer, or the
   * event, what it made due now (an effective date already reached fires in the same
   * commit), and the answer saved under its key.
   */
  private async transitionFor(
    actor: Actor,
    conventionId: string,
    request: KeyedRequest | null,
    body: EventSource,
    commitmentId: string | null,
  ): Promise<TransitionResult> {
    return this.writing(async (manager, write) => {
      await this.conventions.lockStream(manager, conventionId);
      const replayed = request && (await this.replayed(manager, request));
      if (replayed) return replayed;
      const row = await this.mustLoad(manager, conventionId);
      const now = await this.now(manager, row);
      await this.applyTo(manager, write, row, actor, body, now, request?.key ?? null, true);
      // What the event made due fires in this commit up to the bound; the rest in later steps.
      // No time budget here: the answer must not depend on how busy the machine is.
      for (let appended = 1; ; appended++) {
        const deadline = await this.deadlines.nextDue(manager, conventionId, now);
        if (!deadline) break;
        if (appended >= MAX_EVENTS_PER_WRITE) {
          write.catchUp.add(conventionId);
          break;
        }
        await this.fireIn(manager, write, deadline);
      }
      return this.answer(manager, write, request, conventionId, commitmentId);
    });
  }

  /** Fires one pending deadline inside the caller's transaction (the stream lock is held). */
  private async fireIn(
    manager: EntityManager,
    write: WriteState,
    deadline: DeadlineRow,
  ): Promise<'FIRED' | 'REFUSED'> {
    const row = await this.mustLoad(manager, deadline.conventionId);
    // The event happens at its due instant, or right after the stream's last event if later.
    const at = deadline.dueAt > row.updatedAt ? deadline.dueAt : row.updatedAt;
    const body = { type: deadline.eventType, ...(JSON.parse(deadline.payload) as object) } as EventBody;
    const outcome = await this.applyTo(manager, write, row, SYSTEM_ACTOR, body, at, null, false);
    const status = outcome === null ? 'REFUSED' : 'FIRED';
    await this.deadlines.settle(manager, deadline.id, status, this.clock.nowIso());
    return status;
  }

  /** The stored answer of a keyed request already done; CONFLICT when the key came with another input. */
  private async replayed<T = TransitionResult>(
    manager: EntityManager,
    request: KeyedRequest,
  ): Promise<T | null> {
    const stored = await this.idempotency.find(manager, request.actorId, request.key);
    if (!stored) return null;
    if (stored.operation !== request.operation || stored.fingerprint !== request.fingerprint) {
      throw new DomainError(
        'CONFLICT',
        `idempotency key "${request.key}" was already used for another request (${stored.operation})`,
      );
    }
    return JSON.parse(stored.result) as T;
  }

  /** Fails with a unique violation when the same key was answered meanwhile (see `writing`). */
  private async keepAnswer(manager: EntityManager, request: KeyedRequest, result: unknown): Promise<void> {
    await this.idempotency.save(manager, {
      actorId: request.actorId,
      key: request.key,
      operation: request.operation,
      fingerprint: request.fingerprint,
      result: JSON.stringify(result),
      createdAt: this.clock.nowIso(),
    });
  }

  /**
   * The answer of a write: the convention row as the write last projected it (or read inside
   * the transaction when it projected none), and the commitment read there; saved under the
   * request's key.
   */
  private async answer(
    manager: EntityManager,
    write: WriteState,
    request: KeyedRequest | null,
    conventionId: string,
    commitmentId: string | null,
  ): Promise<TransitionResult> {
    const result: TransitionResult = {
      convention: write.projected.get(conventionId) ?? (await this.mustLoad(manager, conventionId)),
      commitment: commitmentId ? await this.conventions.findCommitment(manager, commitmentId) : null,
    };
    if (request) await this.keepAnswer(manager, request, result);
    return result;
  }

  /**
   * Runs a write transaction and, once it committed, publishes what it changed. A write that
   * lost a race with another instance (a key taken meanwhile, a serialisation failure) runs
   * once more on fresh state, where the machine decides again whether the event is still
   * valid; losing twice answers CONFLICT. Actors the failed work had advanced are forgotten.
   */
  private async writing<T>(work: (manager: EntityManager, write: WriteState) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const write: WriteState = {
        changes: new Map(),
        touched: new Set(),
        events: new EventBatch(),
        projected: new Map(),
        catchUp: new Set(),
      };
      try {
        const value = await this.db.write(async (manager) => {
          const result = await work(manager, write);
          // Last, because on PostgreSQL the append holds the global log order until the commit.
          await this.conventions.appendStaged(manager, write.events);
          return result;
        });
        countCommittedEvents(write.events.rows);
        for (const change of write.changes.values()) {
          this.changes.publish(change).catch((error: unknown) => console.error('change feed:', error));
        }
        for (const conventionId of write.catchUp) this.catchUpLater(conventionId);
        return value;
      } catch (error) {
        for (const id of write.touched) this.live.delete(id);
        if (!this.db.isWriteConflict(error)) throw error;
        if (attempt > 1) {
          throw new DomainError(
            'CONFLICT',
            'this convention was changed by another request at the same moment, twice; read it again and retry',
          );
        }
      }
    }
  }

  /** Applies one event inside the caller's transaction; null when the machine refused it. */
  private async applyTo(
    manager: EntityManager,
    write: WriteState,
    row: ConventionRow,
    actor: Actor,
    source: EventSource,
    at: string,
    idempotencyKey: string | null,
    throwOnRefusal: boolean,
  ): Promise<ConventionRow | null> {
    const definition = this.definitionOf(row);
    const machine = this.liveActor(definition, row);
    const context = machine.getSnapshot().context;
    const before = commitmentViews(context);
    const body = typeof source === 'function' ? source(context, definition) : source;
    const event = { ...body, actor, at } as ConventionEvent;
    const refusal = apply(definition, machine, event);
    if (refusal) {
      if (throwOnRefusal) throw new DomainError(refusal.code, refusal.message, refusal);
      return null;
    }
    write.touched.add(row.id);
    await this.record(manager, definition, machine, before, row.status as ConventionStatus, write, {
      type: event.type,
      payload: payloadOf(event),
      actor,
      at,
      version: row.version + 1,
      idempotencyKey,
    });
    this.keepLive(row.id, row.version + 1, machine);
    return row;
  }

  /**
   * Projects the machine's new state, re-plans its deadlines, and stages the event: the
   * transaction's events are appended at its very end (see `writing`).
   */
  private async record(
    manager: EntityManager,
    definition: ConventionDefinition,
    machine: ConventionActor,
    before: CommitmentView[] | null,
    statusBefore: ConventionStatus | null,
    { changes, events, projected }: WriteState,
    event: {
      type: ConventionEventType | typeof CONVENTION_CREATED;
      payload: Record<string, unknown>;
      actor: Actor;
      at: string;
      version: number;
      idempotencyKey: string | null;
    },
  ): Promise<void> {
    const snapshot = machine.getSnapshot();
    if (snapshot.status === 'error') throw new Error(`machine error: ${String(snapshot.error)}`);
    const conventionId = snapshot.context.conventionId;
    const view = conventionView(definition, snapshot);
    const { convention, commitments: changed } = await this.conventions.project(
      manager,
      definition,
      view,
      persist(definition, machine),
      event.version,
      before,
      event.at,
      events,
    );
    await this.deadlines.sync(manager, conventionId, plannedDeadlines(definition, snapshot), event.at);
    await this.conventions.stage(manager, events, {
      streamId: conventionId,
      version: event.version,
      type: event.type,
      payload: event.payload,
      actor: event.actor,
      occurredAt: event.at,
      definitionRef: definitionRef(definition),
      machineVersion: MACHINE_VERSION,
      idempotencyKey: event.idempotencyKey,
    });
    if (this.notifications) {
      await this.notifications.notifier.onEvent(
        manager,
        definition,
        snapshot.context,
        { row: events.rows[events.rows.length - 1]!, actor: event.actor, payload: event.payload },
        statusBefore,
        view.status,
        plannedReminders(definition, snapshot),
      );
    }
    noteChange(changes, definition, conventionId, event.version, changed);
    projected.set(conventionId, convention);
  }

  /**
   * The instant of a new event: the clock, but never earlier than the log's last event nor the
   * stream's (a clock set back, a restart with an earlier CLOCK_START), so time never runs
   * backwards in the log and `conventionAt` finds each event at its instant.
   */
  private async now(manager: EntityManager, row: ConventionRow | null): Promise<string> {
    const last = await this.conventions.lastOccurredAt(manager);
    return [this.clock.nowIso(), row?.updatedAt ?? '', last ?? ''].reduce((a, b) => (b > a ? b : a));
  }

  /** Conventions whose remaining due deadlines are being fired after a bounded write. */
  private readonly catchingUp = new Set<string>();

  private catchUpLater(conventionId: string): void {
    if (this.catchingUp.has(conventionId)) return;
    this.catchingUp.add(conventionId);
    // In bounded steps, after this commit; whatever is left (a crash) the scheduler fires.
    setImmediate(() => {
      this.fireDue(conventionId)
        .catch((error: unknown) => console.error(`catch-up of convention ${conventionId}:`, error))
        .finally(() => this.catchingUp.delete(conventionId));
    });
  }

  private async soleSignatory(actor: Actor, conventionId: string): Promise<string> {
    const row = await this.mustLoad(this.db.read, conventionId);
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

  /**
   * Restoring a machine from its persisted snapshot is the costliest step of a transition, so
   * the actors of recently changed conventions are kept, each tagged with the stream version it
   * stands at. One is reused only when the stored version still matches (another instance may
   * have moved the stream on); an actor advanced by a write that then failed is forgotten.
   */
  private readonly live = new Map<string, { version: number; actor: ConventionActor }>();

  private liveActor(definition: ConventionDefinition, row: ConventionRow): ConventionActor {
    const cached = this.live.get(row.id);
    if (cached && cached.version === row.version) return cached.actor;
    return restoreConvention(definition, JSON.parse(row.snapshot));
  }

  private keepLive(conventionId: string, version: number, actor: ConventionActor): void {
    this.live.delete(conventionId);
    this.live.set(conventionId, { version, actor });
    if (this.live.size > this.liveActors) this.live.delete(this.live.keys().next().value as string);
  }

  private async mustLoad(manager: EntityManager, id: string): Promise<ConventionRow> {
    const row = await this.conventions.load(manager, id);
    if (!row) throw new DomainError('NOT_FOUND', `no convention ${id}`);
    return row;
  }
}

/** What one write transaction did, for after its commit (or its failure). */
interface WriteState {
  changes: ChangeLog;
  /** Conventions whose cached actor the write advanced. */
  touched: Set<string>;
  /** The events to append, hashed and chained, in order. */
  events: EventBatch;
  /** Each convention's row as this write last projected it. */
  projected: Map<string, ConventionRow>;
  /** Conventions with deadlines still due once this write reached its bound. */
  catchUp: Set<string>;
}

/**
 * Most events one write appends. A command whose effect makes more deadlines due (an effective
 * date years back) commits with at most this many; the rest fire after it in steps, each its
 * own transaction, with the event loop free between them, so no other request waits long
 * behind a catch-up.
 */
export const MAX_EVENTS_PER_WRITE = 8;

/**
 * A step of a catch-up (not a command's own commit) also stops once it has run this long (real
 * time, not the domain clock): on a busy machine 8 firings can hold the event loop for
 * hundreds of milliseconds.
 */
const STEP_BUDGET_MS = 25;

/** Lets the requests that arrived meanwhile run before the next step of a long catch-up. */
function yieldToOthers(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Longest idempotency key accepted. */
const MAX_KEY_LENGTH = 200;

function keyedRequest(actor: Actor, operation: string, options: CommandOptions): KeyedRequest | null {
  const idempotency = options.idempotency;
  if (!idempotency) return null;
  const key = idempotency.key.trim();
  if (!key || key.length > MAX_KEY_LENGTH) {
    throw new DomainError('BAD_USER_INPUT', `idempotencyKey must be 1 to ${MAX_KEY_LENGTH} characters`);
  }
  return { actorId: actor.userId, key, operation, fingerprint: idempotency.fingerprint };
}

function noteChange(
  changes: ChangeLog,
  definition: ConventionDefinition,
  conventionId: string,
  version: number,
  commitments: { id: string; owners: string[] }[],
): void {
  const change = changes.get(conventionId) ?? {
    conventionId,
    version,
    partyIds: definition.parties.map((p) => p.id),
    commitments: [],
  };
  change.version = version;
  for (const commitment of commitments) {
    if (!change.commitments.some((c) => c.id === commitment.id)) change.commitments.push(commitment);
  }
  changes.set(conventionId, change);
}

function signatoryOf(definition: ConventionDefinition, actor: Actor): string | undefined {
  return definition.parties.find((p) => p.id === actor.partyId)?.signatories[0]?.id;
}
