import { EntityManager } from 'typeorm';
import { ChangeFeed } from '../changes/change-feed';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { IdGenerator } from '../common/id-generator';
import { Database } from '../database/database';
import { commitmentRow, ConventionRecord, WriteRow } from './records';
import { DeadlineRecord } from './deadline-record';
import { Actor, SYSTEM_ACTOR } from '../machines/actor';
import { apply, startConvention } from '../machines/convention.engine';
import { MACHINE_VERSION, RulesVersion } from '../machines/rules-version';
import {
  CONVENTION_CREATED,
  ConventionEvent,
  ConventionInput,
  payloadOf,
} from '../machines/convention.events';
import { commitmentViews, ConventionStatus } from '../machines/convention.view';
import { ConventionDefinition } from '../machines/definition';
import { EventObserver } from './event-observer';
import { countCommittedEvents } from '../common/metrics';
import { DefinitionRegistry } from '../workflows/definition-registry';
import { answerAtVersion } from './answer-at-version';
import { EventLogRepository } from '../events/event-log.repository';
import { ConventionProjection } from './convention-projection';
import { ConventionRepository } from './convention.repository';
import { DeadlineStore } from './deadline-store';
import { EventRecorder } from './event-recorder';
import { IdempotencyGate, KeyedRequest } from './idempotency-gate';
import { LiveActors } from './live-actors';
import {
  EventBody,
  EventSource,
  MAX_EVENTS_PER_WRITE,
  newWriteState,
  TransitionResult,
  WriteState,
} from './write-state';

export interface WriterDependencies {
  db: Database;
  conventions: ConventionRepository;
  eventLog: EventLogRepository;
  projection: ConventionProjection;
  deadlines: DeadlineStore;
  registry: DefinitionRegistry;
  clock: Clock;
  ids: IdGenerator;
  gate: IdempotencyGate;
  changes: ChangeFeed;
  /** Conventions whose machines stay in memory between transitions. */
  liveActors: number;
  /** Writes the messages of each event in its transaction; none when null. */
  notifier: EventObserver | null;
}

/** One event to decide and, when the machine accepts it, to record. */
export interface DecideOptions {
  manager: EntityManager;
  write: WriteState;
  /** The convention as it stands, read under its stream lock. */
  row: WriteRow;
  actor: Actor;
  event: EventSource;
  at: string;
  idempotencyKey: string | null;
  /** A command's refusal is its answer (thrown); a deadline's is only noted. */
  onRefusal: 'throw' | 'return';
}

export interface TransitionRequest {
  actor: Actor;
  conventionId: string;
  request: KeyedRequest | null;
  event: EventSource;
  /** The commitment the answer is about, when the command is about one. */
  commitmentId: string | null;
}

export interface CreateRequest {
  actor: Actor;
  definition: ConventionDefinition;
  title: string;
  agreedEffectiveOn: string | null;
  /** The options chosen (`chosenOptions`): recorded on CONVENTION_CREATED only when there are some. */
  chosenOptions?: string[];
  request: KeyedRequest | null;
  /**
   * The rules version the convention runs under; the current one unless an earlier one is
   * asked (golden histories, tests of older conventions). Not offered by the API.
   */
  rulesVersion?: RulesVersion;
}

/**
 * Every change to a convention goes through here: one write transaction that takes the
 * stream lock, lets a keyed retry through with its first answer, restores the machine, has it
 * decide the event, and either refuses with nothing written or projects, re-plans the
 * deadlines, fires what fell due (up to a bound) and appends the events, then commits. Nothing
 * is answered before the commit. A write that lost a race runs once more on fresh state.
 */
export class ConventionWriter {
  private readonly live: LiveActors;
  private readonly recorder: EventRecorder;
  /** Fires, after a bounded write, what it left due (set by the scheduler at start-up). */
  private catchUp: ((conventionId: string) => Promise<unknown>) | null = null;
  /** Conventions whose remaining due deadlines are being fired after a bounded write. */
  private readonly catchingUp = new Set<string>();

  constructor(private readonly deps: WriterDependencies) {
    this.live = new LiveActors(deps.liveActors);
    this.recorder = new EventRecorder(deps.eventLog, deps.projection, deps.deadlines, deps.notifier);
  }

  /** Who fires the deadlines a write left due once it reached its bound. */
  catchUpWith(fire: (conventionId: string) => Promise<unknown>): void {
    this.catchUp = fire;
  }

  get gate(): IdempotencyGate {
    return this.deps.gate;
  }

  definitionOf(row: Pick<ConventionRecord, 'definitionId' | 'definitionVersion'>): ConventionDefinition {
    const ref = `${row.definitionId}@${row.definitionVersion}`;
    const definition = this.deps.registry.byReference(ref);
    if (!definition) throw new Error(`definition ${ref} is not published`);
    return definition;
  }

  async create({
    actor,
    definition,
    title,
    agreedEffectiveOn,
    chosenOptions,
    request,
    rulesVersion = MACHINE_VERSION,
  }: CreateRequest): Promise<TransitionResult> {
    return this.writing(async (manager, write) => {
      const replayed = request && (await this.replayed(manager, request));
      if (replayed) return replayed;
      const at = await this.now(manager, null);
      const input: ConventionInput = {
        conventionId: this.deps.ids.next(),
        title,
        createdAt: at,
        agreedEffectiveOn,
        ...(chosenOptions?.length ? { chosenOptions } : {}),
      };
      const machine = startConvention(definition, input, rulesVersion);
      write.touched.add(input.conventionId);
      await this.recorder.record({
        manager,
        write,
        definition,
        machine,
        before: null,
        statusBefore: null,
        event: {
          type: CONVENTION_CREATED,
          payload: { ...input },
          actor,
          at,
          version: 1,
          idempotencyKey: request?.key ?? null,
        },
      });
      // Its first signature, usually soon, then finds the machine as it started instead of restoring it.
      this.live.keep(input.conventionId, 1, machine);
      return this.answer(manager, write, request, input.conventionId, null);
    });
  }

  /**
   * The event, what it made due now (an effective date already reached fires in the same
   * commit), and the answer saved under the request's key.
   */
  async transition({
    actor,
    conventionId,
    request,
    event,
    commitmentId,
  }: TransitionRequest): Promise<TransitionResult> {
    return this.writing(async (manager, write) => {
      // The stream lock and the row in one round trip (PostgreSQL); a keyed retry reads it for nothing.
      const missing = commitmentId ? `no commitment ${commitmentId}` : undefined;
      const { row, logLastAt } = await this.loadForWrite(manager, write, conventionId, {
        missing,
        lock: true,
      });
      const replayed = request && (await this.replayed(manager, request));
      if (replayed) return replayed;
      const now = this.latest(row, logLastAt);
      const idempotencyKey = request?.key ?? null;
      await this.decide({ manager, write, row, actor, event, at: now, idempotencyKey, onRefusal: 'throw' });
      // What the event made due fires in this commit up to the bound; the rest in later steps.
      // No time budget here: the answer must not depend on how busy the machine is.
      for (let appended = 1; ; appended++) {
        const earliest = write.earliestPlanned.get(conventionId);
        if (earliest === null || (earliest !== undefined && earliest > now)) break; // nothing due: no read
        const deadline = await this.deps.deadlines.nextDue(manager, conventionId, now);
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
  async fireIn(
    manager: EntityManager,
    write: WriteState,
    deadline: DeadlineRecord,
  ): Promise<'FIRED' | 'REFUSED'> {
    const { row } = await this.loadForWrite(manager, write, deadline.conventionId, { lock: false });
    // The event happens at its due instant, or right after the stream's last event if later.
    const at = deadline.dueAt > row.updatedAt ? deadline.dueAt : row.updatedAt;
    const event = { type: deadline.eventType, ...(JSON.parse(deadline.payload) as object) } as EventBody;
    const actor = SYSTEM_ACTOR;
    const outcome = await this.decide({
      manager,
      write,
      row,
      actor,
      event,
      at,
      idempotencyKey: null,
      onRefusal: 'return',
    });
    const status = outcome === 'REFUSED' ? 'REFUSED' : 'FIRED';
    await this.deps.deadlines.settle(manager, deadline.id, status, this.deps.clock.nowIso());
    return status;
  }

  /** Restores the machine (from the live-actor cache when it can), has it decide, records an accepted event. */
  async decide(options: DecideOptions): Promise<'ACCEPTED' | 'REFUSED'> {
    const { manager, write, row, actor, at } = options;
    const definition = this.definitionOf(row);
    const machine = this.live.actorFor(definition, row);
    const context = machine.getSnapshot().context;
    const before = commitmentViews(context);
    const body = typeof options.event === 'function' ? options.event(context, definition) : options.event;
    const event = { ...body, actor, at } as ConventionEvent;
    const refusal = apply(definition, machine, event);
    if (refusal) {
      if (options.onRefusal === 'throw') throw new DomainError(refusal.code, refusal.message, refusal);
      return 'REFUSED';
    }
    write.touched.add(row.id);
    const version = row.version + 1;
    await this.recorder.record({
      manager,
      write,
      definition,
      machine,
      before,
      statusBefore: row.status as ConventionStatus,
      event: {
        type: event.type,
        payload: payloadOf(event),
        actor,
        at,
        version,
        idempotencyKey: options.idempotencyKey,
      },
    });
    this.live.keep(row.id, version, machine);
    return 'ACCEPTED';
  }

  /**
   * Runs a write transaction and, once it committed, publishes what it changed. A write that
   * lost a race with another instance (a key taken meanwhile, a serialisation failure) runs
   * once more on fresh state, where the machine decides again whether the event is still
   * valid; losing twice answers CONFLICT. Actors the failed work had advanced are forgotten.
   */
  async writing<T>(work: (manager: EntityManager, write: WriteState) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const write = newWriteState();
      try {
        // Every statement of a convention's write finds its rows by key: its stream, its rows,
        // their ids.
        const value = await this.deps.db.write(
          async (manager) => {
            const result = await work(manager, write);
            // Last: the projections the work held and the batch of every event it staged, together
            // in one statement on PostgreSQL (which numbers the events under the log-order lock),
            // the COMMIT going out right behind it.
            const lead = await this.deps.projection.flush(manager, write.projections);
            await this.deps.eventLog.appendStaged(manager, write.events, lead);
            return result;
          },
          { byKey: true },
        );
        this.afterCommit(write);
        return value;
      } catch (error) {
        for (const id of write.touched) this.live.forget(id);
        if (!this.deps.db.isWriteConflict(error)) throw error;
        if (attempt > 1) {
          throw new DomainError(
            'CONFLICT',
            'this convention was changed by another request at the same moment, twice; read it again and retry',
          );
        }
      }
    }
  }

  /** Holds the convention's stream until the commit: its writes and firings go one at a time. */
  async lock(manager: EntityManager, conventionId: string): Promise<void> {
    await this.deps.eventLog.lockStream(manager, conventionId);
  }

  /**
   * The instant of a new event: the clock, but never earlier than the log's last event nor the
   * stream's (a clock set back, a restart with an earlier CLOCK_START), so time never runs
   * backwards in the log and `conventionAt` finds each event at its instant.
   */
  async now(manager: EntityManager, row: WriteRow | null): Promise<string> {
    return this.latest(row, await this.deps.eventLog.lastOccurredAt(manager));
  }

  /** The clock, or the stream's or the log's last instant when later (see `now`). */
  private latest(row: WriteRow | null, logLastAt: string | null): string {
    return [this.deps.clock.nowIso(), row?.updatedAt ?? '', logLastAt ?? ''].reduce((a, b) =>
      b > a ? b : a,
    );
  }

  /**
   * The convention's row, read under its stream lock with the heads of its stream (given to the
   * write's batch, which then reads no head itself) and of the log: one statement. `lock`: take
   * the stream lock with it (one round trip on PostgreSQL); otherwise the caller holds it, and a
   * convention this write already projected is its own record of the row, not read (its store
   * row waits for the write's end, and its stream's head is in the batch).
   */
  private async loadForWrite(
    manager: EntityManager,
    write: WriteState,
    id: string,
    { missing = `no convention ${id}`, lock }: { missing?: string; lock: boolean },
  ): Promise<{ row: WriteRow; logLastAt: string | null }> {
    const projected = lock ? undefined : write.projected.get(id);
    if (projected) return { row: projected, logLastAt: null };
    const notifying = this.deps.notifier !== null;
    const loaded = await this.deps.conventions.loadForWrite(manager, id, {
      lock,
      withReminders: notifying,
      withRecipients: notifying,
    });
    if (!loaded) throw new DomainError('NOT_FOUND', missing);
    const { row, headHash, logLastAt, pending, recipients } = loaded;
    if (headHash) write.events.knowStoredHead(id, { version: row.version, hash: headHash });
    if (pending) write.pendingRead.set(id, pending);
    if (recipients) write.recipientsRead.set(id, recipients);
    return { row, logLastAt };
  }

  async mustLoad(manager: EntityManager, id: string): Promise<ConventionRecord> {
    const row = await this.deps.conventions.load(manager, id);
    if (!row) throw new DomainError('NOT_FOUND', `no convention ${id}`);
    return row;
  }

  private afterCommit(write: WriteState): void {
    countCommittedEvents(write.events.rows);
    for (const change of write.changes.values()) {
      this.deps.changes.publish(change).catch((error: unknown) => console.error('change feed:', error));
    }
    for (const conventionId of write.catchUp) this.catchUpLater(conventionId);
  }

  /** The first answer of a keyed request already done, re-read at the version it reached. */
  private async replayed(manager: EntityManager, request: KeyedRequest): Promise<TransitionResult | null> {
    const answer = await this.deps.gate.answered(manager, request);
    if (!answer) return null;
    if (answer.kind !== 'transition')
      throw new Error(`idempotency key "${request.key}" answered a clock move`);
    return answerAtVersion(
      manager,
      this.deps.conventions,
      this.deps.eventLog,
      (ref) => this.deps.registry.byReference(ref),
      answer,
    );
  }

  /**
   * The answer of a write: the convention row as the write last projected it (or read inside
   * the transaction when it projected none), and the commitment read there; its ids and
   * version saved under the request's key.
   */
  private async answer(
    manager: EntityManager,
    write: WriteState,
    request: KeyedRequest | null,
    conventionId: string,
    commitmentId: string | null,
  ): Promise<TransitionResult> {
    const convention = write.projected.get(conventionId) ?? (await this.mustLoad(manager, conventionId));
    const view = write.views.get(conventionId);
    const projected = commitmentId && view ? commitmentRow(view, commitmentId) : null;
    const commitment =
      projected ?? (commitmentId ? await this.deps.conventions.findCommitment(manager, commitmentId) : null);
    if (request) {
      const answer = { kind: 'transition' as const, conventionId, commitmentId, version: convention.version };
      await this.deps.gate.keep(manager, request, answer);
    }
    return { convention, commitment };
  }

  private catchUpLater(conventionId: string): void {
    const fire = this.catchUp;
    if (!fire || this.catchingUp.has(conventionId)) return;
    this.catchingUp.add(conventionId);
    // In bounded steps, after this commit; whatever is left (a crash) the scheduler fires.
    setImmediate(() => {
      fire(conventionId)
        .catch((error: unknown) => console.error(`catch-up of convention ${conventionId}:`, error))
        .finally(() => this.catchingUp.delete(conventionId));
    });
  }
}
