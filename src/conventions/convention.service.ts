import { DateTime } from 'luxon';
import { EntityManager } from 'typeorm';
import { Clock, ManualClock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { IdGenerator } from '../common/id-generator';
import { Database } from '../database/database';
import { ConventionRow, DeadlineRow } from '../database/entities';
import { Actor, SYSTEM_ACTOR } from '../machines/actor';
import {
  apply,
  ConventionActor,
  persist,
  restoreConvention,
  startConvention,
} from '../machines/convention.engine';
import { amendmentProblem } from '../machines/amendments';
import {
  AmendmentChanges,
  Assessment,
  CONVENTION_CREATED,
  ConventionEvent,
  ConventionEventType,
  ConventionInput,
  payloadOf,
} from '../machines/convention.events';
import {
  ConventionContext,
  isOpenCommitment,
  MACHINE_VERSION,
  pendingAmendment,
} from '../machines/convention.machine';
import {
  commitmentViews,
  CommitmentView,
  conventionView,
  pendingSignatories,
} from '../machines/convention.view';
import { plannedDeadlines } from '../machines/deadlines';
import { ConventionDefinition, definitionRef } from '../machines/definition';
import { DeadlineRepository } from '../scheduler/deadline.repository';
import { DefinitionRegistry } from '../workflows/definition-registry';
import { ConventionRepository } from './convention.repository';

/** An event, or how to build it from the convention as it stands inside the transaction. */
type EventSource = EventBody | ((context: ConventionContext, definition: ConventionDefinition) => EventBody);

type EventBody = ConventionEvent extends infer E
  ? E extends ConventionEvent
    ? Omit<E, 'actor' | 'at'>
    : never
  : never;

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
  ) {}

  async create(actor: Actor, command: CreateConventionCommand): Promise<ConventionRow> {
    if (actor.role !== 'admin') throw new DomainError('FORBIDDEN', 'only an admin may create a convention');
    const definition = this.registry.latest(command.workflowId);
    if (!definition) throw new DomainError('NOT_FOUND', `no workflow ${command.workflowId}`);
    const agreedEffectiveOn = command.effectiveOn ?? null;
    if (agreedEffectiveOn !== null && !isDate(agreedEffectiveOn)) {
      throw new DomainError(
        'BAD_USER_INPUT',
        `effectiveOn must be a date (YYYY-MM-DD), got "${agreedEffectiveOn}"`,
      );
    }
    const title = command.title?.trim() || definition.title;
    const at = this.clock.nowIso();
    const input: ConventionInput = { conventionId: this.ids.next(), title, createdAt: at, agreedEffectiveOn };
    return this.db.write(async (manager) => {
      const machine = startConvention(definition, input);
      await this.record(manager, definition, machine, null, {
        type: CONVENTION_CREATED,
        payload: { ...input },
        actor,
        at,
        version: 1,
      });
      return this.mustLoad(manager, input.conventionId);
    });
  }

  async sign(
    actor: Actor,
    conventionId: string,
    signatoryId: string | null | undefined,
  ): Promise<ConventionRow> {
    const chosen = signatoryId ?? (await this.soleSignatory(actor, conventionId));
    return this.transition(actor, conventionId, { type: 'SIGNATURE_GIVEN', signatoryId: chosen });
  }

  async markCommitmentDone(
    actor: Actor,
    commitmentId: string,
    note: string | null,
    evidenceUrl: string | null,
  ): Promise<{ convention: ConventionRow; commitmentId: string }> {
    if (evidenceUrl !== null && !isHttpUrl(evidenceUrl)) {
      throw new DomainError('BAD_USER_INPUT', 'evidenceUrl must be an http(s) URL');
    }
    return this.onCommitment(actor, commitmentId, (key) => ({
      type: 'COMMITMENT_CONFIRMED',
      commitmentId: key,
      note,
      evidenceUrl,
    }));
  }

  async submitEvaluation(
    actor: Actor,
    conventionId: string,
    assessments: Assessment[],
    summary: string | null,
  ): Promise<ConventionRow> {
    const row = await this.mustLoad(this.db.read, conventionId);
    const definition = this.definitionOf(row);
    const criteria = definition.evaluation?.criteria.map((c) => c.id) ?? [];
    const given = assessments.map((a) => a.criterion);
    const unknown = given.filter((c) => !criteria.includes(c));
    const missing = criteria.filter((c) => !given.includes(c));
    if (!definition.evaluation) {
      throw new DomainError('INVALID_TRANSITION', 'this convention provides for no evaluation');
    }
    if (unknown.length || missing.length || new Set(given).size !== given.length) {
      throw new DomainError(
        'BAD_USER_INPUT',
        `assessments must cover each criterion once: ${criteria.join(', ')}` +
          (unknown.length ? `; unknown: ${unknown.join(', ')}` : '') +
          (missing.length ? `; missing: ${missing.join(', ')}` : ''),
      );
    }
    return this.transition(actor, conventionId, { type: 'EVALUATION_SUBMITTED', assessments, summary });
  }

  async giveNotice(actor: Actor, conventionId: string, reason: string): Promise<ConventionRow> {
    if (!reason.trim()) throw new DomainError('BAD_USER_INPUT', 'a notice needs a reason');
    return this.transition(actor, conventionId, { type: 'NOTICE_GIVEN', reason: reason.trim() });
  }

  async proposeAmendment(
    actor: Actor,
    conventionId: string,
    proposal: {
      changes: (context: ConventionContext) => AmendmentChanges;
      effectiveOn: string | null;
      summary: string;
    },
  ): Promise<ConventionRow> {
    if (!proposal.summary.trim()) throw new DomainError('BAD_USER_INPUT', 'an amendment needs a summary');
    if (proposal.effectiveOn !== null && !isDate(proposal.effectiveOn)) {
      throw new DomainError(
        'BAD_USER_INPUT',
        `effectiveOn must be a date (YYYY-MM-DD), got "${proposal.effectiveOn}"`,
      );
    }
    return this.transition(actor, conventionId, (context, definition) => {
      const changes = proposal.changes(context);
      const problem = amendmentProblem(
        changes,
        context.rules,
        context.terms,
        definition.parties,
        definition.committees.map((c) => c.id),
        (key) => isOpenCommitment(context, key),
      );
      if (problem) throw new DomainError('BAD_USER_INPUT', problem);
      return {
        type: 'AMENDMENT_PROPOSED',
        amendmentId: `A${context.amendments.length + 1}`,
        kind: 'CHANGE',
        changes,
        effectiveOn: proposal.effectiveOn,
        summary: proposal.summary,
      };
    });
  }

  async proposeRenewal(actor: Actor, conventionId: string, summary: string | null): Promise<ConventionRow> {
    return this.transition(actor, conventionId, (context) => ({
      type: 'AMENDMENT_PROPOSED',
      amendmentId: `A${context.amendments.length + 1}`,
      kind: 'RENEWAL',
      changes: {},
      effectiveOn: null,
      summary: summary ?? 'Renouvellement par voie d’avenant',
    }));
  }

  async signAmendment(
    actor: Actor,
    conventionId: string,
    amendmentId: string | null | undefined,
    signatoryId: string | null | undefined,
  ): Promise<ConventionRow> {
    return this.transition(actor, conventionId, (context, definition) => {
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
  ): Promise<ConventionRow> {
    if (!reason.trim()) throw new DomainError('BAD_USER_INPUT', 'a withdrawal needs a reason');
    return this.transition(actor, conventionId, (context) => {
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
  ): Promise<ConventionRow> {
    if (!isDate(meeting.heldOn))
      throw new DomainError('BAD_USER_INPUT', 'heldOn must be a date (YYYY-MM-DD)');
    if (meeting.minutesUrl !== null && !isHttpUrl(meeting.minutesUrl)) {
      throw new DomainError('BAD_USER_INPUT', 'minutesUrl must be an http(s) URL');
    }
    return this.transition(actor, conventionId, (_context, definition) => {
      const committee = definition.committees.find((c) => c.id === meeting.committee);
      if (!committee) {
        const known = definition.committees.map((c) => c.id).join(', ') || 'none';
        throw new DomainError(
          'BAD_USER_INPUT',
          `no committee ${meeting.committee} in this convention (committees: ${known})`,
        );
      }
      const strangers = meeting.attendingParties.filter((p) => !committee.parties.includes(p));
      if (!meeting.attendingParties.length || strangers.length) {
        throw new DomainError(
          'BAD_USER_INPUT',
          `attendingParties must be members of ${committee.id}: ${committee.parties.join(', ')}`,
        );
      }
      return { type: 'MEETING_RECORDED', ...meeting };
    });
  }

  async reopenCommitment(
    actor: Actor,
    commitmentId: string,
    reason: string,
  ): Promise<{ convention: ConventionRow; commitmentId: string }> {
    return this.onCommitment(actor, commitmentId, (key) => ({
      type: 'COMMITMENT_REOPENED',
      commitmentId: key,
      reason: reason.trim(),
    }));
  }

  async serveFormalNotice(
    actor: Actor,
    commitmentId: string,
    reason: string,
  ): Promise<{ convention: ConventionRow; commitmentId: string }> {
    if (!reason.trim()) throw new DomainError('BAD_USER_INPUT', 'a formal notice needs a reason');
    return this.onCommitment(actor, commitmentId, (key) => ({
      type: 'FORMAL_NOTICE_SERVED',
      commitmentId: key,
      reason: reason.trim(),
    }));
  }

  async suspend(actor: Actor, conventionId: string, reason: string): Promise<ConventionRow> {
    if (!reason.trim()) throw new DomainError('BAD_USER_INPUT', 'a suspension needs a reason');
    return this.transition(actor, conventionId, { type: 'CONVENTION_SUSPENDED', reason: reason.trim() });
  }

  async resume(actor: Actor, conventionId: string): Promise<ConventionRow> {
    return this.transition(actor, conventionId, { type: 'CONVENTION_RESUMED' });
  }

  private async onCommitment(
    actor: Actor,
    commitmentId: string,
    body: (key: string) => EventBody,
  ): Promise<{ convention: ConventionRow; commitmentId: string }> {
    const commitment = await this.conventions.findCommitment(this.db.read, commitmentId);
    if (!commitment) throw new DomainError('NOT_FOUND', `no commitment ${commitmentId}`);
    const convention = await this.transition(actor, commitment.conventionId, body(commitment.key));
    return { convention, commitmentId };
  }

  /**
   * Fires one due deadline as a system event, in its own transaction. Firing a deadline
   * that is no longer pending is a no-op; one the machine refuses is settled as REFUSED.
   */
  async fireDeadline(deadlineId: number): Promise<'FIRED' | 'REFUSED' | 'SKIPPED'> {
    return this.db
      .write(async (manager) => {
        const deadline = await this.deadlines.findPending(manager, deadlineId);
        if (!deadline) return 'SKIPPED';
        const row = await this.mustLoad(manager, deadline.conventionId);
        // The event happens at its due instant, or right after the stream's last event if later.
        const at = deadline.dueAt > row.updatedAt ? deadline.dueAt : row.updatedAt;
        const body = { type: deadline.eventType, ...(JSON.parse(deadline.payload) as object) } as EventBody;
        const outcome = await this.applyTo(manager, row, SYSTEM_ACTOR, body, at, null, false);
        const status = outcome === null ? 'REFUSED' : 'FIRED';
        await this.deadlines.settle(manager, deadline.id, status, this.clock.nowIso());
        return status;
      })
      .catch((error: unknown) => this.forgetLiveOnFailure(error));
  }

  /** Fires every deadline due now (for one convention, or all), earliest first. */
  async fireDue(conventionId?: string): Promise<DeadlineRow[]> {
    const fired: DeadlineRow[] = [];
    for (;;) {
      const due = await this.deadlines.due(this.db.read, this.clock.nowIso(), 100, conventionId);
      if (!due.length) return fired;
      let progressed = false;
      for (const deadline of due) {
        const outcome = await this.fireDeadline(deadline.id);
        if (outcome !== 'SKIPPED') progressed = true;
        if (outcome === 'FIRED') fired.push(deadline);
      }
      if (!progressed) return fired;
    }
  }

  /**
   * Manual clock only: moves time forward to `to`, firing on the way, in due order and each
   * at its own due instant, every deadline that falls due (including ones planned by
   * earlier firings). Returns what fired.
   */
  async advanceClock(actor: Actor, to: string): Promise<DeadlineRow[]> {
    if (actor.role !== 'admin') throw new DomainError('FORBIDDEN', 'only an admin may move the clock');
    const clock = this.clock;
    if (!(clock instanceof ManualClock)) {
      throw new DomainError(
        'BAD_USER_INPUT',
        'the clock is the system clock; start the server with CLOCK=manual',
      );
    }
    const target = DateTime.fromISO(to, { setZone: true });
    if (!target.isValid)
      throw new DomainError('BAD_USER_INPUT', `to must be an ISO-8601 instant, got "${to}"`);
    const targetDate = target.toJSDate();
    if (targetDate.getTime() < clock.now().getTime()) {
      throw new DomainError('BAD_USER_INPUT', `the clock moves forward only; it is ${clock.nowIso()}`);
    }
    const fired: DeadlineRow[] = [];
    for (;;) {
      const [next] = await this.deadlines.due(this.db.read, targetDate.toISOString(), 1);
      if (!next) break;
      clock.advanceTo(new Date(next.dueAt));
      const outcome = await this.fireDeadline(next.id);
      if (outcome === 'FIRED') fired.push(next);
    }
    clock.advanceTo(targetDate);
    return fired;
  }

  definitionOf(row: Pick<ConventionRow, 'definitionId' | 'definitionVersion'>): ConventionDefinition {
    const ref = `${row.definitionId}@${row.definitionVersion}`;
    const definition = this.registry.byReference(ref);
    if (!definition) throw new Error(`definition ${ref} is not published`);
    return definition;
  }

  private async transition(actor: Actor, conventionId: string, body: EventSource): Promise<ConventionRow> {
    const result = await this.db
      .write(async (manager) => {
        const row = await this.mustLoad(manager, conventionId);
        await this.applyTo(manager, row, actor, body, this.clock.nowIso(), null, true);
        return this.mustLoad(manager, conventionId);
      })
      .catch((error: unknown) => this.forgetLiveOnFailure(error));
    // What became due with this event (an effective date already reached) fires now.
    const fired = await this.fireDue(conventionId);
    return fired.length ? this.mustLoad(this.db.read, conventionId) : result;
  }

  /** Applies one event inside the caller's transaction; null when the machine refused it. */
  private async applyTo(
    manager: EntityManager,
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
      if (throwOnRefusal) throw new DomainError(refusal.code, refusal.message);
      return null;
    }
    await this.record(manager, definition, machine, before, {
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

  private async record(
    manager: EntityManager,
    definition: ConventionDefinition,
    machine: ConventionActor,
    before: CommitmentView[] | null,
    event: {
      type: ConventionEventType | typeof CONVENTION_CREATED;
      payload: Record<string, unknown>;
      actor: Actor;
      at: string;
      version: number;
      idempotencyKey?: string | null;
    },
  ): Promise<void> {
    const snapshot = machine.getSnapshot();
    if (snapshot.status === 'error') throw new Error(`machine error: ${String(snapshot.error)}`);
    const conventionId = snapshot.context.conventionId;
    await this.conventions.append(manager, {
      streamId: conventionId,
      version: event.version,
      type: event.type,
      payload: event.payload,
      actor: event.actor,
      occurredAt: event.at,
      definitionRef: definitionRef(definition),
      machineVersion: MACHINE_VERSION,
      idempotencyKey: event.idempotencyKey ?? null,
    });
    const view = conventionView(definition, snapshot);
    await this.conventions.project(
      manager,
      definition,
      view,
      persist(machine),
      event.version,
      before,
      event.at,
    );
    await this.deadlines.sync(manager, conventionId, plannedDeadlines(definition, snapshot), event.at);
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
   * stands at. One is reused only when the stored version still matches; an entry for a version
   * whose commit failed is never matched by a different event, because failures clear the cache.
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
    if (this.live.size > LIVE_ACTORS) this.live.delete(this.live.keys().next().value as string);
  }

  /** A refusal leaves every actor as it was; any other failure may have left one ahead of the store. */
  private forgetLiveOnFailure(error: unknown): never {
    if (!(error instanceof DomainError)) this.live.clear();
    throw error;
  }

  private async mustLoad(manager: EntityManager, id: string): Promise<ConventionRow> {
    const row = await this.conventions.load(manager, id);
    if (!row) throw new DomainError('NOT_FOUND', `no convention ${id}`);
    return row;
  }
}

/** Conventions whose machines stay in memory between transitions. */
const LIVE_ACTORS = 200;

function isDate(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && DateTime.fromISO(value).isValid;
}

function signatoryOf(definition: ConventionDefinition, actor: Actor): string | undefined {
  return definition.parties.find((p) => p.id === actor.partyId)?.signatories[0]?.id;
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
