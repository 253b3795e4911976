import { DateTime } from 'luxon';
import { replay } from '../../../src/audit/replay';
import { Verification } from '../../../src/audit/audit.service';
import { DomainError } from '../../../src/common/domain-error';
import { DeadlineRecord } from '../../../src/conventions/deadline-record';
import { CommitmentRecord, ConventionRecord } from '../../../src/conventions/records';
import { StoredEvent } from '../../../src/events/stored-event';
import { Actor } from '../../../src/machines/actor';
import { localDate } from '../../../src/machines/calendar';
import { persist } from '../../../src/machines/convention.engine';
import { AmendmentChanges } from '../../../src/machines/convention.events';
import { ConventionContext } from '../../../src/machines/convention.machine';
import { CommitmentView, ConventionView } from '../../../src/machines/convention.view';
import { ConventionDefinition } from '../../../src/machines/definition';
import { TestDialect } from '../../support/test-store';
import { expandSteps, OTHER_ACTORS, RunCase, Step } from './convention-steps';
import { admin, MediumStore, openMediumStore, representative } from './medium-store';

/** A convention's projection as stored: its row and its commitments, JSON parsed. */
export interface Projection {
  version: number;
  status: string;
  updatedAt: string;
  /** The convention view without its commitments. */
  view: Omit<ConventionView, 'commitments'>;
  snapshot: unknown;
  commitments: { rowId: string; key: string; status: string; view: CommitmentView }[];
}

/** What one step did, as the store shows it before and after. */
export interface StepRecord {
  index: number;
  step: Step;
  /** The step as it ran: `markDone amf-relays-information by rep-halde`. */
  action: string;
  /** Who sent the command; null for a clock move. */
  actor: Actor | null;
  /** The commitment the command was about (its key), if any. */
  commitment: string | null;
  isClockMove: boolean;
  clockBefore: string;
  clockAfter: string;
  refusal: { code: string; message: string } | null;
  before: Projection;
  after: Projection;
  deadlinesBefore: string;
  deadlinesAfter: string;
  /** Events in the whole log before and after. */
  logBefore: number;
  logAfter: number;
  /** Pending deadlines of the convention due by `clockAfter`, once the step and its catch-up are done. */
  leftDue: DeadlineRecord[];
}

export interface ConventionAtCheck {
  at: string;
  /** The projection recorded while the clock read `at`, after the last step at that instant. */
  expected: Projection | null;
  answer: { view: ConventionView; version: number } | null;
}

export interface RunRecord {
  definition: ConventionDefinition;
  runCase: RunCase;
  conventionId: string;
  steps: StepRecord[];
  events: StoredEvent[];
  deadlines: DeadlineRecord[];
  final: Projection;
  replayed:
    { ok: true; view: ConventionView; snapshot: unknown } | { ok: false; version: number; reason: string };
  verification: Verification;
  conventionAt: ConventionAtCheck[];
}

const LAST_INSTANT = '2099-12-31T00:00:00.000Z';
const EVIDENCE = 'https://example.org/preuve';

/** The start of a run: the definition's signing date (or 2020), `startAfterDays` later, at 09:00 UTC. */
function startOf(definition: ConventionDefinition, runCase: RunCase): string {
  // A definition that states its start date (`term.startsOn`) is created around it: from 200
  // days before to 200 days after, so that it is signed both before and after it takes effect.
  const startsOn = definition.term.startsOn;
  const from = startsOn
    ? (DateTime.fromISO(startsOn, { zone: 'utc' }).minus({ days: 200 }).toISODate() as string)
    : (definition.source.signedOn ?? '2020-01-15');
  return DateTime.fromISO(`${from}T09:00:00Z`, { zone: 'utc' })
    .plus({ days: runCase.startAfterDays })
    .toISO() as string;
}

/** The date agreed at creation: none when the definition states its own (createConvention takes it). */
function agreedEffectiveOn(definition: ConventionDefinition, runCase: RunCase, now: string): string | null {
  if (runCase.effectiveInDays === null || definition.term.startsOn !== undefined) return null;
  return localDate(
    DateTime.fromISO(now).plus({ days: runCase.effectiveInDays }).toISO() as string,
    definition.timeZone,
  );
}

function actorOf(definition: ConventionDefinition, who: number): Actor {
  const party = definition.parties[who];
  if (party) return representative(party.id);
  switch (OTHER_ACTORS[who - definition.parties.length]) {
    case 'outsider':
      return representative('outsider-institution');
    case 'admin':
      return admin;
    default:
      return { userId: 'auditor', name: 'Cour des comptes', role: 'auditor', partyId: null };
  }
}

function signatoryOf(definition: ConventionDefinition, index: number | null): string | undefined {
  if (index === null) return undefined;
  const all = definition.parties.flatMap((p) => p.signatories.map((s) => s.id));
  return all[index % all.length];
}

async function projectionOf(store: MediumStore, id: string): Promise<Projection> {
  const row = (await store.conventions.load(store.db.read, id)) as ConventionRecord;
  const rows: CommitmentRecord[] = await store.conventions.commitmentsOf(store.db.read, [id]);
  return {
    version: row.version,
    status: row.status,
    updatedAt: row.updatedAt,
    view: JSON.parse(row.view) as Projection['view'],
    snapshot: JSON.parse(row.snapshot) as unknown,
    commitments: rows.map((c) => ({
      rowId: c.id,
      key: c.key,
      status: c.status,
      view: JSON.parse(c.view) as CommitmentView,
    })),
  };
}

async function deadlinesOf(store: MediumStore, id: string): Promise<DeadlineRecord[]> {
  return store.db.read.find<DeadlineRecord>('deadlines', {
    where: { conventionId: id },
    order: { dueAt: 'ASC', rank: 'ASC', id: 'ASC' },
  });
}

/** Comparable text of the convention's deadline rows (claims aside: they are the scheduler's). */
async function deadlineText(store: MediumStore, id: string): Promise<string> {
  const rows = await deadlinesOf(store, id);
  return JSON.stringify(rows.map(({ claimedBy: _b, claimedUntil: _u, ...row }) => row));
}

async function pendingDue(store: MediumStore, id: string): Promise<DeadlineRecord[]> {
  return store.deadlines.due(store.db.read, store.clock.nowIso(), 100, id);
}

/**
 * A command that left deadlines due (more than one write's worth) has them fired after its
 * commit, in the background, as on the server: waits for that catch-up, at most a few seconds.
 */
async function settled(store: MediumStore, id: string): Promise<DeadlineRecord[]> {
  for (let waited = 0; waited < 300; waited++) {
    const due = await pendingDue(store, id);
    if (!due.length) return due;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return pendingDue(store, id);
}

interface Resolved {
  action: string;
  actor: Actor | null;
  commitment: string | null;
  run: () => Promise<unknown>;
}

function commitmentAt(projection: Projection, index: number) {
  const all = projection.commitments;
  return all[index % all.length]!;
}

/** The commitment keys an amendment may name now (the latest version of each). */
function openKeys(context: ConventionContext): string[] {
  return Object.values(context.terms)
    .filter((t) => t.supersededBy === null)
    .map((t) => t.id);
}

function amendmentChanges(
  step: Extract<Step, { kind: 'amend' }>,
  actor: Actor,
  definition: ConventionDefinition,
) {
  return (context: ConventionContext): AmendmentChanges => {
    const keys = openKeys(context);
    const key = keys[step.commitment % keys.length]!;
    switch (step.change) {
      case 'waive':
        return { waiveCommitments: [key] };
      case 'due':
        return { changeCommitments: [{ id: key, due: 'P1M' }] };
      case 'term':
        return { term: { kind: 'fixed', duration: context.rules.term.kind === 'fixed' ? 'P30M' : 'P2Y' } };
      case 'add':
        return {
          addCommitments: [
            {
              id: `added-${context.amendments.length + 1}`,
              article: 'Avenant',
              title: 'Engagement ajouté par avenant',
              text: 'Les parties ajoutent cet engagement.',
              owners: [actor.partyId ?? definition.parties[0]!.id],
              shape: 'one-off',
              due: 'P2M',
            },
          ],
        };
    }
  };
}

function pendingAmendmentId(projection: Projection): string {
  const proposed = projection.view.amendments.filter((a) => a.status === 'PROPOSED');
  return proposed[proposed.length - 1]?.id ?? `A${projection.view.amendments.length || 1}`;
}

/** What a command step does, resolved against the convention as it stands. */
function resolveCommand(
  store: MediumStore,
  definition: ConventionDefinition,
  conventionId: string,
  step: Exclude<Step, { kind: 'wait' | 'toDeadline' | 'everyoneSignsAmendment' | 'everyoneEvaluates' }>,
  now: Projection,
): Resolved {
  const actor = actorOf(definition, step.who);
  const by = `by ${actor.userId}`;
  const today = localDate(store.clock.nowIso(), definition.timeZone);
  const base = { actor, commitment: null };
  switch (step.kind) {
    case 'sign': {
      const signatoryId = signatoryOf(definition, step.signatory);
      return {
        ...base,
        action: `sign as ${signatoryId ?? '(own signatory)'} ${by}`,
        run: () => store.service.sign({ actor, conventionId, signatoryId }),
      };
    }
    case 'markDone':
    case 'reopen':
    case 'formalNotice':
    case 'reportBreach': {
      const target = commitmentAt(now, step.commitment);
      const commitmentId = target.rowId;
      const run = {
        markDone: () =>
          store.service.markCommitmentDone({ actor, commitmentId, note: 'fait', evidenceUrl: null }),
        reopen: () => store.service.reopenCommitment({ actor, commitmentId, reason: 'à reprendre' }),
        formalNotice: () =>
          store.service.serveFormalNotice({ actor, commitmentId, reason: 'mise en demeure' }),
        reportBreach: () =>
          store.service.reportBreach({
            actor,
            commitmentId,
            description: 'manquement',
            evidenceUrl: EVIDENCE,
          }),
      }[step.kind];
      return { actor, commitment: target.key, action: `${step.kind} ${target.key} ${by}`, run };
    }
    case 'evaluate': {
      const criteria = now.view.rules.evaluation?.criteria ?? definition.evaluation?.criteria ?? [];
      const assessments = criteria.map((c) => ({ criterion: c.id, rating: step.rating, comment: null }));
      return {
        ...base,
        action: `evaluate ${step.rating} ${by}`,
        run: () => store.service.submitEvaluation({ actor, conventionId, assessments, summary: null }),
      };
    }
    case 'notice':
      return {
        ...base,
        action: `notice ${by}`,
        run: () => store.service.giveNotice({ actor, conventionId, reason: 'fin' }),
      };
    case 'amend': {
      const effectiveOn =
        step.effectiveInDays === null
          ? null
          : (DateTime.fromISO(today).plus({ days: step.effectiveInDays }).toISODate() as string);
      return {
        ...base,
        action: `amend ${step.change} #${step.commitment} effective ${effectiveOn ?? 'on signature'} ${by}`,
        run: () =>
          store.service.proposeAmendment({
            actor,
            conventionId,
            changes: amendmentChanges(step, actor, definition),
            effectiveOn,
            summary: 'Avenant',
          }),
      };
    }
    case 'proposeRenewal':
      return {
        ...base,
        action: `proposeRenewal ${by}`,
        run: () => store.service.proposeRenewal({ actor, conventionId, summary: null }),
      };
    case 'signAmendment': {
      const signatoryId = signatoryOf(definition, step.signatory);
      return {
        ...base,
        action: `signAmendment as ${signatoryId ?? '(own signatory)'} ${by}`,
        run: () => store.service.signAmendment({ actor, conventionId, signatoryId }),
      };
    }
    case 'withdrawAmendment': {
      const amendmentId = pendingAmendmentId(now);
      return {
        ...base,
        action: `withdrawAmendment ${amendmentId} ${by}`,
        run: () => store.service.withdrawAmendment({ actor, conventionId, amendmentId, reason: 'retrait' }),
      };
    }
    case 'meeting': {
      const committee = definition.committees[step.committee % Math.max(definition.committees.length, 1)];
      const attendingParties = definition.parties
        .filter((_, i) => step.attending & (1 << i))
        .map((p) => p.id);
      const heldOn = DateTime.fromISO(today).minus({ days: step.daysAgo }).toISODate() as string;
      const name = committee?.id ?? 'no-committee';
      return {
        ...base,
        action: `meeting ${name} on ${heldOn} with [${attendingParties.join(', ')}] ${by}`,
        run: () =>
          store.service.recordMeeting({
            actor,
            conventionId,
            committee: name,
            heldOn,
            attendingParties,
            minutesUrl: null,
            decisions: [],
          }),
      };
    }
    case 'suspend':
      return {
        ...base,
        action: `suspend ${by}`,
        run: () => store.service.suspend({ actor, conventionId, reason: 'force majeure' }),
      };
    case 'resume':
      return { ...base, action: `resume ${by}`, run: () => store.service.resume({ actor, conventionId }) };
  }
}

/** Where a clock step lands, or null when it would not move forward. */
async function clockTarget(
  store: MediumStore,
  conventionId: string,
  step: Extract<Step, { kind: 'wait' | 'toDeadline' }>,
): Promise<string | null> {
  const now = store.clock.now().getTime();
  let target: number;
  if (step.kind === 'wait') {
    target = now + step.minutes * 60_000;
  } else {
    const pending = (await deadlinesOf(store, conventionId)).filter((d) => d.status === 'PENDING');
    const deadline = pending[step.index % Math.max(pending.length, 1)];
    if (!deadline) return null;
    target = new Date(deadline.dueAt).getTime() + step.offsetMs;
  }
  const to = new Date(Math.min(target, new Date(LAST_INSTANT).getTime())).toISOString();
  return to > store.clock.nowIso() ? to : null;
}

/** Runs one step; a DomainError is the step's refusal, anything else fails the run. */
async function runStep(
  store: MediumStore,
  definition: ConventionDefinition,
  conventionId: string,
  step: Step,
  index: number,
): Promise<StepRecord> {
  const before = await projectionOf(store, conventionId);
  const deadlinesBefore = await deadlineText(store, conventionId);
  const logBefore = await store.allEvents();
  const clockBefore = store.clock.nowIso();
  const isClockMove = step.kind === 'wait' || step.kind === 'toDeadline';
  let resolved: Resolved;
  if (isClockMove) {
    const to = await clockTarget(store, conventionId, step);
    resolved = {
      action: to ? `clock to ${to} (${step.kind})` : `clock stays (${step.kind})`,
      actor: null,
      commitment: null,
      run: async () => (to ? store.clockControl.advanceClock({ actor: admin, to }) : null),
    };
  } else if (step.kind === 'everyoneSignsAmendment' || step.kind === 'everyoneEvaluates') {
    throw new Error('expandSteps turns it into one step per party');
  } else {
    resolved = resolveCommand(store, definition, conventionId, step, before);
  }
  let refusal: StepRecord['refusal'] = null;
  try {
    await resolved.run();
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    refusal = { code: error.code, message: error.message };
  }
  const leftDue = isClockMove ? await pendingDue(store, conventionId) : await settled(store, conventionId);
  return {
    index,
    step,
    action: resolved.action,
    actor: resolved.actor,
    commitment: resolved.commitment,
    isClockMove,
    clockBefore,
    clockAfter: store.clock.nowIso(),
    refusal,
    before,
    after: await projectionOf(store, conventionId),
    deadlinesBefore,
    deadlinesAfter: await deadlineText(store, conventionId),
    logBefore,
    logAfter: await store.allEvents(),
    leftDue,
  };
}

/** The stored events replayed from scratch through the real replay code. */
function replayed(store: MediumStore, events: StoredEvent[]): RunRecord['replayed'] {
  const result = replay(events, (ref) => store.registry.byReference(ref));
  if (!result.ok) return { ok: false, ...result.failure };
  return { ok: true, view: result.view, snapshot: persist(result.definition, result.machine) };
}

/** `conventionAt` at every instant the clock stood at, and just before the convention existed. */
async function conventionAtChecks(
  store: MediumStore,
  conventionId: string,
  created: Projection,
  steps: StepRecord[],
): Promise<ConventionAtCheck[]> {
  const createdAt = created.view.createdAt;
  const lastAt = new Map<string, Projection>([[createdAt, created]]);
  for (const step of steps) lastAt.set(step.clockAfter, step.after);
  const checks: ConventionAtCheck[] = [];
  const justBefore = new Date(new Date(createdAt).getTime() - 1).toISOString();
  for (const [at, expected] of [[justBefore, null] as const, ...lastAt.entries()]) {
    const answer = await store.audit.conventionAt(conventionId, at);
    checks.push({ at, expected, answer: answer && { view: answer.view, version: answer.version } });
  }
  return checks;
}

export interface RunOptions {
  dialect: TestDialect;
  workflowsDir: string;
}

/** Runs a generated case against a fresh store and records everything the properties read. */
export async function runConvention(
  definition: ConventionDefinition,
  runCase: RunCase,
  options: RunOptions,
): Promise<RunRecord> {
  const store = await openMediumStore({
    start: startOf(definition, runCase),
    workflowsDir: options.workflowsDir,
    dialect: options.dialect,
  });
  try {
    const effectiveOn = agreedEffectiveOn(definition, runCase, store.clock.nowIso());
    const created = await store.service.create({
      actor: admin,
      workflowId: definition.id,
      effectiveOn,
      options: runCase.options,
    });
    const initial = await projectionOf(store, created.id);
    const steps: StepRecord[] = [];
    for (const [index, step] of expandSteps(definition, runCase).entries()) {
      steps.push(await runStep(store, definition, created.id, step, index));
    }
    const events = await store.events(created.id);
    return {
      definition,
      runCase,
      conventionId: created.id,
      steps,
      events,
      deadlines: await deadlinesOf(store, created.id),
      final: await projectionOf(store, created.id),
      replayed: replayed(store, events),
      verification: await store.audit.verify(
        (await store.conventions.load(store.db.read, created.id)) as ConventionRecord,
      ),
      conventionAt: await conventionAtChecks(store, created.id, initial, steps),
    };
  } finally {
    await store.dispose();
  }
}

/** Runs of identical cases are shared by the properties of a definition (fast-check's seed is fixed). */
export class RunCache {
  private readonly runs = new Map<string, Promise<RunRecord>>();

  constructor(private readonly options: RunOptions) {}

  run(definition: ConventionDefinition, runCase: RunCase): Promise<RunRecord> {
    const key = `${definition.id}\n${JSON.stringify(runCase)}`;
    let run = this.runs.get(key);
    if (!run) {
      run = runConvention(definition, runCase, this.options);
      this.runs.set(key, run);
      // Keep only what the next property of this definition will ask again: the generated cases.
      if (this.runs.size > 200) this.runs.delete(this.runs.keys().next().value as string);
    }
    return run;
  }
}
