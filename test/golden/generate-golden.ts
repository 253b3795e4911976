import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { openRuntime, Runtime } from '../../src/app/runtime';
import { exportLines, ExportedEvent, fromExportedEvent } from '../../src/audit/export';
import { DefinitionLookup, replay } from '../../src/audit/replay';
import { canonicalJson } from '../../src/common/canonical-json';
import { DomainError } from '../../src/common/domain-error';
import { IdGenerator } from '../../src/common/id-generator';
import { configFromEnv } from '../../src/config';
import { commitmentRowId } from '../../src/conventions/records';
import { IdempotencyRepository } from '../../src/conventions/idempotency.repository';
import { ConventionProjection } from '../../src/conventions/convention-projection';
import { ConventionService } from '../../src/conventions/convention.service';
import { StoredEvent } from '../../src/events/stored-event';
import { ClockControl } from '../../src/scheduler/clock-control';
import { DeadlineFiring } from '../../src/scheduler/deadline-firing';
import { Actor } from '../../src/machines/actor';
import { apply, RefusalCode, restoreConvention, startConvention } from '../../src/machines/convention.engine';
import {
  AssessmentRating,
  CONVENTION_CREATED,
  ConventionEvent,
  ConventionEventType,
  ConventionInput,
  eventFrom,
  TIME_EVENT_TYPES,
} from '../../src/machines/convention.events';
import { ConventionSnapshot } from '../../src/machines/convention.machine';
import { commitmentViews, conventionStatus } from '../../src/machines/convention.view';
import { plannedDeadlines } from '../../src/machines/deadlines';
import { ConventionDefinition } from '../../src/machines/definition';
import { RulesVersion, rulesVersionFrom } from '../../src/machines/rules-version';

/**
 * Golden histories: one realistic, multi-year life of each seed convention, driven through
 * the real services on a throw-away SQLite file with the manual clock, exported as the
 * auditor would receive it, together with the outcome today's machines compute from it and
 * the commands they refused on the way. `src/audit/golden-histories.spec.ts` replays them:
 * a change to the machines that changes the outcome of a stored history fails the suite.
 *
 *   npm run golden:generate              writes test/fixtures/golden/
 *   npm run golden:generate -- --check   regenerates in memory and compares, byte for byte
 *
 * Everything that reaches the files is fixed: the clock (manual, moved by the script), the
 * convention id (a deterministic id generator), the checkpoint origin and the committed
 * test-only signing key.
 */

function findRoot(from: string): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json')) || !existsSync(join(dir, 'workflows'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no repository root above ${from}`);
    dir = parent;
  }
  return dir;
}

export const REPO_ROOT = findRoot(__dirname);
export const GOLDEN_DIR = join(REPO_ROOT, 'test', 'fixtures', 'golden');
/** Test-only Ed25519 key: it signs the golden checkpoints and nothing else. */
export const GOLDEN_KEY_PATH = join(GOLDEN_DIR, 'audit-key.pem');

export const SEEDS = ['000', '001', '002', '003', '004'] as const;
export type Seed = (typeof SEEDS)[number];

export const goldenPaths = (seed: Seed) => ({
  export: join(GOLDEN_DIR, `${seed}.ndjson`),
  expected: join(GOLDEN_DIR, `${seed}.expected.json`),
  refusals: join(GOLDEN_DIR, `${seed}.refusals.json`),
});

// ---------------------------------------------------------------------------------------------
// What the files hold
// ---------------------------------------------------------------------------------------------

/** A command the machines refused: tried after `afterVersion` events, it must stay refused. */
export interface RecordedRefusal {
  afterVersion: number;
  at: string;
  actor: Actor;
  type: ConventionEventType;
  payload: Record<string, unknown>;
  code: RefusalCode;
  /** Why it must be refused, in words. */
  why: string;
}

export interface ParsedExport {
  header: { machineVersion: number; logSize: number; scope: string };
  definitions: Map<string, ConventionDefinition>;
  events: StoredEvent[];
}

export function parseExport(text: string): ParsedExport {
  let header: ParsedExport['header'] | null = null;
  const definitions = new Map<string, ConventionDefinition>();
  const events: StoredEvent[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const record = JSON.parse(line) as { type: string } & Record<string, unknown>;
    if (record.type === 'header') header = record as unknown as ParsedExport['header'];
    if (record.type === 'definition') {
      definitions.set(String(record.ref), record.body as ConventionDefinition);
    }
    if (record.type === 'event') events.push(fromExportedEvent(record as unknown as ExportedEvent));
  }
  if (!header) throw new Error('not a Conventio export: no header');
  return { header, definitions, events };
}

const actorOf = (row: StoredEvent): Actor => ({
  userId: row.actorUserId,
  name: row.actorName,
  role: row.actorRole as Actor['role'],
  partyId: row.actorPartyId,
});

/**
 * The status after each event, folded through the machines as the store did: a change that
 * alters the path but not the destination still shows.
 */
export function trailOf(rows: StoredEvent[], lookup: DefinitionLookup): string[] {
  const trail: string[] = [];
  let machine: ReturnType<typeof startConvention> | null = null;
  for (const row of rows) {
    const definition = lookup(row.definitionRef);
    if (!definition) throw new Error(`definition ${row.definitionRef} is not in the export`);
    const payload = JSON.parse(row.payload) as Record<string, unknown>;
    if (row.type === CONVENTION_CREATED) {
      machine = startConvention(definition, payload as unknown as ConventionInput, rulesVersionFrom(row));
    } else {
      if (!machine) throw new Error('the history does not start with its creation');
      const refusal = apply(
        definition,
        machine,
        eventFrom(row.type as ConventionEventType, payload, actorOf(row), row.occurredAt),
      );
      if (refusal) {
        trail.push(`${row.version} ${row.type} REFUSED ${refusal.code}`);
        continue;
      }
    }
    const snapshot = (machine as NonNullable<typeof machine>).getSnapshot();
    const term = snapshot.context.term;
    trail.push(
      `${row.version} ${row.type} → ${conventionStatus(snapshot)}${term ? ` (term ${term.number})` : ''}`,
    );
  }
  return trail;
}

/** The compact outcome of a history: what the golden test holds today's machines to. */
export function goldenProjection(
  definition: ConventionDefinition,
  snapshot: ConventionSnapshot,
  trail: string[],
) {
  const c = snapshot.context;
  return {
    conventionId: c.conventionId,
    definition: `${definition.id}@${definition.version}`,
    events: trail.length,
    status: conventionStatus(snapshot),
    effectiveOn: c.effectiveOn,
    term: c.term,
    termination: c.termination,
    notice: c.notice && {
      partyId: c.notice.partyId,
      givenOn: c.notice.givenOn,
      effectiveOn: c.notice.effectiveOn,
    },
    suspension: c.suspension,
    signatures: c.signatures.map((s) => s.signatoryId),
    evaluations: [...c.pastEvaluations, ...(c.evaluation ? [c.evaluation] : [])].map((round) => ({
      number: round.number,
      termNumber: round.termNumber,
      opensOn: round.opensOn,
      dueOn: round.dueOn,
      submittedBy: round.submissions.map((s) => s.partyId),
      completedAt: round.completedAt,
      overdueSince: round.overdueSince,
    })),
    amendments: c.amendments.map((a) => ({
      id: a.id,
      kind: a.kind,
      status: a.status,
      proposedBy: a.proposedBy,
      effectiveOn: a.effectiveOn,
      signedBy: a.signatures.map((s) => s.signatoryId),
      settledAt: a.settledAt,
      diff: a.diff,
    })),
    meetings: c.meetings.map((m) => `${m.heldOn} ${m.committee} → ${m.commitmentId}`),
    formalNotices: c.formalNotices.map((n) => `${n.commitmentId} ${n.servedOn} ${n.status}`),
    commitments: commitmentViews(c).map((v) => ({
      key: v.id,
      status: v.status,
      supersedes: v.supersedes,
      supersededBy: v.supersededBy,
      amendmentId: v.amendmentId,
      startedOn: v.startedOn,
      dueOn: v.dueOn,
      confirmedBy: v.confirmations.map((x) => x.partyId),
      occurrences: v.occurrences.map(
        (o) => `${o.index} ${o.startsOn}..${o.dueOn} ${o.status} ×${o.fulfilments.length}`,
      ),
    })),
    plannedDeadlines: plannedDeadlines(definition, snapshot).map(
      (d) => `${d.kind} ${d.dueOn}${d.subject ? ` ${d.subject}` : ''}`,
    ),
    trail,
  };
}

export type GoldenProjection = ReturnType<typeof goldenProjection>;

/** Replays an export's events through today's machines and projects the outcome. */
export function projectExport(parsed: ParsedExport): GoldenProjection {
  const lookup = (ref: string) => parsed.definitions.get(ref);
  const result = replay(parsed.events, lookup);
  if (!result.ok) {
    throw new Error(`replay fails at version ${result.failure.version}: ${result.failure.reason}`);
  }
  return goldenProjection(result.definition, result.machine.getSnapshot(), trailOf(parsed.events, lookup));
}

/** Replays the first `version` events, then tries the refused command: null when accepted. */
export function refusalCodeAfter(
  rows: StoredEvent[],
  lookup: DefinitionLookup,
  refusal: Omit<RecordedRefusal, 'code' | 'why'>,
): RefusalCode | null {
  const result = replay(rows.slice(0, refusal.afterVersion), lookup);
  if (!result.ok) {
    throw new Error(`replay fails at version ${result.failure.version}: ${result.failure.reason}`);
  }
  const event = eventFrom(refusal.type, refusal.payload, refusal.actor, refusal.at);
  return apply(result.definition, result.machine, event)?.code ?? null;
}

// ---------------------------------------------------------------------------------------------
// Driving a history through the services
// ---------------------------------------------------------------------------------------------

type UserEvent = Exclude<ConventionEvent, { type: (typeof TIME_EVENT_TYPES)[number] }>;
type Command = UserEvent extends infer E ? (E extends UserEvent ? Omit<E, 'actor' | 'at'> : never) : never;

/** Ids are inputs like time: the convention of seed 002 is always `golden-002-1`. */
export class SequentialIdGenerator extends IdGenerator {
  private count = 0;

  constructor(private readonly prefix: string) {
    super();
  }

  next(): string {
    this.count += 1;
    return `${this.prefix}-${this.count}`;
  }
}

const admin: Actor = { userId: 'admin', name: 'Administration Conventio', role: 'admin', partyId: null };

const rep = (partyId: string, name: string, userId = `rep-${partyId}`): Actor => ({
  userId,
  name,
  role: 'representative',
  partyId,
});

const WHEN = /^\d{4}-\d{2}-\d{2}( \d{2}:\d{2})?$/;

/** `2010-06-24` is 09:00 UTC that day; `2010-06-24 14:30` is 14:30 UTC. */
function instant(when: string): string {
  if (!WHEN.test(when)) throw new Error(`not a day or a day and time: ${when}`);
  const [day, time = '09:00'] = when.split(' ');
  return `${day}T${time}:00.000Z`;
}

/** The rules version the golden histories were recorded under (see the driver's `create`). */
export const GOLDEN_RULES_VERSION: RulesVersion = 1;

class HistoryDriver {
  conventionId = '';
  readonly refusals: RecordedRefusal[] = [];
  private readonly conventions: ConventionService;
  private readonly clockControl: ClockControl;

  constructor(
    readonly runtime: Runtime,
    readonly definition: ConventionDefinition,
    seed: Seed,
  ) {
    // The runtime's own service draws random ids; this one is the same service with fixed ids.
    this.conventions = new ConventionService(
      runtime.db,
      runtime.conventionRepository,
      runtime.eventLog,
      new ConventionProjection(),
      runtime.deadlineRepository,
      runtime.registry,
      runtime.clock,
      new SequentialIdGenerator(`golden-${seed}`),
      new IdempotencyRepository(),
      runtime.changes,
    );
    const writer = this.conventions.writer;
    const firing = new DeadlineFiring(writer, runtime.deadlineRepository);
    writer.catchUpWith((conventionId) => firing.fireDue(conventionId));
    this.clockControl = new ClockControl(runtime.db, writer, runtime.deadlineRepository, runtime.clock);
  }

  /** Moves the clock forward, firing every deadline that falls due on the way. */
  async at(when: string): Promise<void> {
    await this.clockControl.advanceClock({ actor: admin, to: instant(when) });
  }

  async create(when: string): Promise<void> {
    await this.at(when);
    // Golden histories are histories of rules v1 (the conventions stored before v2), kept as
    // they were recorded: they prove that this build still decides v1 conventions as v1 did.
    const row = await this.conventions.create({
      actor: admin,
      workflowId: this.definition.id,
      rulesVersion: GOLDEN_RULES_VERSION,
    });
    this.conventionId = row.id;
  }

  async checkpoint(): Promise<void> {
    await this.runtime.log.publishCheckpoint();
  }

  private async version(): Promise<number> {
    const row = await this.runtime.conventionRepository.load(this.runtime.db.read, this.conventionId);
    if (!row) throw new Error(`no convention ${this.conventionId}`);
    return row.version;
  }

  private async events(): Promise<StoredEvent[]> {
    return this.runtime.db.read.find<StoredEvent>('events', {
      where: { streamId: this.conventionId },
      order: { version: 'ASC' },
    });
  }

  private send(actor: Actor, command: Command): Promise<unknown> {
    const service = this.conventions;
    const id = this.conventionId;
    switch (command.type) {
      case 'SIGNATURE_GIVEN':
        return service.sign({ actor, conventionId: id, signatoryId: command.signatoryId });
      case 'COMMITMENT_CONFIRMED':
        return service.markCommitmentDone({
          actor,
          commitmentId: commitmentRowId(id, command.commitmentId),
          note: command.note,
          evidenceUrl: command.evidenceUrl,
        });
      case 'COMMITMENT_REOPENED':
        return service.reopenCommitment({
          actor,
          commitmentId: commitmentRowId(id, command.commitmentId),
          reason: command.reason,
        });
      case 'FORMAL_NOTICE_SERVED':
        return service.serveFormalNotice({
          actor,
          commitmentId: commitmentRowId(id, command.commitmentId),
          reason: command.reason,
        });
      case 'BREACH_REPORTED':
        return service.reportBreach({
          actor,
          commitmentId: commitmentRowId(id, command.commitmentId),
          description: command.description,
          evidenceUrl: command.evidenceUrl,
        });
      case 'EVALUATION_SUBMITTED':
        return service.submitEvaluation({
          actor,
          conventionId: id,
          assessments: command.assessments,
          summary: command.summary,
        });
      case 'NOTICE_GIVEN':
        return service.giveNotice({ actor, conventionId: id, reason: command.reason });
      case 'AMENDMENT_PROPOSED':
        return command.kind === 'RENEWAL'
          ? service.proposeRenewal({ actor, conventionId: id, summary: command.summary })
          : service.proposeAmendment({
              actor,
              conventionId: id,
              changes: () => command.changes,
              effectiveOn: command.effectiveOn,
              summary: command.summary,
            });
      case 'AMENDMENT_SIGNED':
        return service.signAmendment({
          actor,
          conventionId: id,
          amendmentId: command.amendmentId,
          signatoryId: command.signatoryId,
        });
      case 'AMENDMENT_WITHDRAWN':
        return service.withdrawAmendment({
          actor,
          conventionId: id,
          amendmentId: command.amendmentId,
          reason: command.reason,
        });
      case 'MEETING_RECORDED':
        return service.recordMeeting({
          actor,
          conventionId: id,
          committee: command.committee,
          heldOn: command.heldOn,
          attendingParties: command.attendingParties,
          minutesUrl: command.minutesUrl,
          decisions: command.decisions,
        });
      case 'CONVENTION_SUSPENDED':
        return service.suspend({ actor, conventionId: id, reason: command.reason });
      case 'CONVENTION_RESUMED':
        return service.resume({ actor, conventionId: id });
      case 'TERMINATION_EXERCISED':
        return service.terminate({ actor, conventionId: id, reason: command.reason });
    }
  }

  /** A command that must be accepted, recorded exactly as written here. */
  async do(actor: Actor, command: Command): Promise<void> {
    const before = await this.version();
    await this.send(actor, command);
    const recorded = (await this.events())[before];
    const { type, ...payload } = command;
    if (
      !recorded ||
      recorded.type !== type ||
      recorded.payload !== canonicalJson(payload) ||
      canonicalJson(actorOf(recorded)) !== canonicalJson(actor)
    ) {
      throw new Error(`${type} was not recorded as sent at version ${before + 1}`);
    }
  }

  /** A command the machines must refuse with `code`, appending nothing; kept in the refusals file. */
  async refuse(actor: Actor, command: Command, code: RefusalCode, why: string): Promise<void> {
    const afterVersion = await this.version();
    const at = this.runtime.clock.nowIso();
    let thrown: unknown = null;
    try {
      await this.send(actor, command);
    } catch (error) {
      thrown = error;
    }
    if (!(thrown instanceof DomainError) || thrown.code !== code) {
      throw new Error(`${command.type} (${why}): expected ${code}, got ${String(thrown ?? 'acceptance')}`);
    }
    const events = await this.events();
    if (events.length !== afterVersion) throw new Error(`refused ${command.type} appended an event`);
    const { type, ...payload } = command;
    const refusal = { afterVersion, at, actor, type, payload };
    // The service refused it; the machines, replayed from the events alone, must say the same.
    const replayed = refusalCodeAfter(events, (ref) => this.runtime.registry.byReference(ref), refusal);
    if (replayed !== code) {
      throw new Error(`${type} (${why}): the service says ${code}, replay says ${replayed ?? 'accepted'}`);
    }
    this.refusals.push({ ...refusal, code, why });
  }

  // Shorthands for the commands a history is mostly made of.

  sign(actor: Actor, signatoryId: string) {
    return this.do(actor, { type: 'SIGNATURE_GIVEN', signatoryId });
  }

  confirm(actor: Actor, commitmentId: string, note: string, evidenceUrl: string | null = null) {
    return this.do(actor, { type: 'COMMITMENT_CONFIRMED', commitmentId, note, evidenceUrl });
  }

  evaluate(actor: Actor, ratings: AssessmentRating[], summary: string) {
    return this.do(actor, {
      type: 'EVALUATION_SUBMITTED',
      assessments: this.assessments(ratings),
      summary,
    });
  }

  assessments(ratings: AssessmentRating[]) {
    const criteria = this.definition.evaluation?.criteria ?? [];
    if (ratings.length !== criteria.length) throw new Error(`give ${criteria.length} ratings`);
    return criteria.map((c, i) => ({
      criterion: c.id,
      rating: ratings[i] as AssessmentRating,
      comment: null,
    }));
  }

  meeting(actor: Actor, committee: string, heldOn: string, decisions: string[]) {
    return this.do(actor, {
      type: 'MEETING_RECORDED',
      committee,
      heldOn,
      attendingParties: this.definition.parties.map((p) => p.id),
      minutesUrl: `https://example.org/${this.definition.id}/${committee}/${heldOn}`,
      decisions,
    });
  }
}

// ---------------------------------------------------------------------------------------------
// The five histories
// ---------------------------------------------------------------------------------------------

interface GoldenScript {
  workflowFile: string;
  run(h: HistoryDriver): Promise<void>;
}

const SCRIPTS: Record<Seed, GoldenScript> = {
  /** HALDE–AMF: renewed tacitly twice, evaluated every year, ended by the AMF's notice. */
  '000': {
    workflowFile: 'halde-amf-2010.yaml',
    async run(h) {
      const halde = rep('halde', 'Service des partenariats de la HALDE');
      const amf = rep('amf', 'Direction générale de l’AMF');
      await h.create('2010-06-21');
      await h.refuse(
        amf,
        { type: 'NOTICE_GIVEN', reason: 'Prématuré' },
        'INVALID_TRANSITION',
        'notice on a draft',
      );
      await h.refuse(
        halde,
        { type: 'SIGNATURE_GIVEN', signatoryId: 'amf-president' },
        'FORBIDDEN',
        'the HALDE cannot sign for the AMF',
      );
      await h.at('2010-06-24 08:00');
      await h.sign(amf, 'amf-president');
      await h.at('2010-06-24 08:30');
      await h.sign(halde, 'halde-presidente');
      await h.refuse(
        halde,
        { type: 'SIGNATURE_GIVEN', signatoryId: 'halde-presidente' },
        'INVALID_TRANSITION',
        'a convention in force is not signed again',
      );
      await h.checkpoint();

      await h.at('2010-09-15');
      await h.confirm(halde, 'halde-shares-information', 'Rapport annuel transmis à l’AMF');
      await h.at('2010-10-05');
      await h.confirm(
        amf,
        'amf-relays-information',
        'Article dans Maires de France',
        'https://example.org/mdf',
      );
      await h.refuse(
        halde,
        {
          type: 'COMMITMENT_CONFIRMED',
          commitmentId: 'amf-relays-information',
          note: 'Vu dans la presse',
          evidenceUrl: null,
        },
        'FORBIDDEN',
        'the HALDE does not owe the AMF’s commitment',
      );
      await h.at('2010-11-18');
      await h.confirm(halde, 'good-practice-tools', 'Guide des bonnes pratiques, partie HALDE');
      await h.at('2010-12-02');
      await h.confirm(amf, 'good-practice-tools', 'Guide des bonnes pratiques, partie AMF');
      await h.at('2011-03-01');
      await h.confirm(halde, 'exchange-and-diffuse-information', 'Lettre d’information commune');
      await h.confirm(amf, 'exchange-and-diffuse-information', 'Relais sur le site de l’AMF');
      // No notice by 24 March 2011: renewed tacitly on the 25th.
      await h.at('2011-05-20');
      await h.evaluate(halde, ['MET', 'MET', 'PARTIALLY_MET'], 'Première année : outils diffusés');
      await h.at('2011-05-27');
      await h.evaluate(amf, ['MET', 'EXCEEDED', 'MET'], 'Bonne diffusion auprès des maires');
      await h.refuse(
        amf,
        { type: 'EVALUATION_SUBMITTED', assessments: h.assessments(['MET', 'MET', 'MET']), summary: null },
        'INVALID_TRANSITION',
        'the AMF has already submitted this year’s evaluation',
      );
      await h.at('2011-07-01');
      await h.checkpoint();

      await h.at('2011-09-12');
      await h.do(halde, {
        type: 'COMMITMENT_REOPENED',
        commitmentId: 'halde-shares-information',
        reason: 'Les publications ne sont plus transmises',
      });
      await h.at('2011-10-03');
      await h.confirm(halde, 'halde-shares-information', 'Transmission reprise');
      await h.at('2012-01-16');
      await h.confirm(halde, 'halde-speaks-at-conferences', 'Intervention au congrès départemental');
      await h.at('2012-05-10');
      await h.evaluate(halde, ['PARTIALLY_MET', 'MET', 'MET'], 'Deuxième année');
      // The AMF never submits: the round is overdue when the term ends; renewed again.
      await h.at('2012-07-02');
      await h.checkpoint();

      await h.at('2012-11-15');
      await h.do(amf, { type: 'NOTICE_GIVEN', reason: 'Réorganisation des partenariats de l’AMF' });
      await h.at('2012-11-20');
      await h.refuse(
        halde,
        { type: 'NOTICE_GIVEN', reason: 'Dénonciation réciproque' },
        'INVALID_TRANSITION',
        'notice has already been given',
      );
      await h.at('2013-01-10');
      await h.evaluate(halde, ['MET', 'MET', 'NOT_MET'], 'Bilan avant la fin du partenariat');
      await h.at('2013-03-01');
      await h.refuse(
        amf,
        {
          type: 'COMMITMENT_CONFIRMED',
          commitmentId: 'amf-joins-halde-working-groups',
          note: 'Trop tard',
          evidenceUrl: null,
        },
        'INVALID_TRANSITION',
        'the convention has ended',
      );
      await h.checkpoint();
    },
  },

  /** Région IDF–Acsé: three signatories, committees, a missed quarter, notice at the anniversary. */
  '001': {
    workflowFile: 'region-idf-acse-2008.yaml',
    async run(h) {
      const region = rep('region-idf', 'Mission égalité de la Région');
      const acse = rep('acse', 'Direction régionale de l’Acsé');
      const prefecture = rep('acse', 'Préfecture de la région Île-de-France', 'rep-acse-prefecture');
      const both = ['region-idf', 'acse'];
      await h.create('2008-07-01');
      await h.refuse(
        region,
        {
          type: 'MEETING_RECORDED',
          committee: 'technical',
          heldOn: '2008-06-30',
          attendingParties: both,
          minutesUrl: null,
          decisions: [],
        },
        'INVALID_TRANSITION',
        'no committee meets before the convention is signed',
      );
      await h.at('2008-07-11 08:00');
      await h.sign(region, 'region-idf-president');
      await h.refuse(
        region,
        { type: 'SIGNATURE_GIVEN', signatoryId: 'prefet-region-idf' },
        'FORBIDDEN',
        'the Région cannot sign for the préfet',
      );
      await h.at('2008-07-11 08:30');
      await h.sign(acse, 'acse-directeur-general');
      await h.at('2008-07-11 09:00');
      await h.sign(prefecture, 'prefet-region-idf');
      await h.checkpoint();

      await h.at('2008-09-26');
      await h.meeting(region, 'technical', '2008-09-25', ['Calendrier des chantiers arrêté']);
      await h.at('2008-11-21');
      await h.meeting(acse, 'steering', '2008-11-20', ['Orientations 2008-2009']);
      await h.at('2008-11-28');
      await h.confirm(acse, 'acse-awareness-week', 'Semaine régionale de sensibilisation');
      await h.at('2008-12-12');
      await h.meeting(region, 'technical', '2008-12-11', ['Guide régional : plan']);
      await h.at('2009-02-02');
      await h.confirm(acse, 'acse-regional-guide', 'Contribution remise', 'https://example.org/guide');
      // No technical meeting between 11 January and 10 April 2009: the quarter is missed.
      await h.at('2009-04-15');
      await h.refuse(
        region,
        {
          type: 'MEETING_RECORDED',
          committee: 'technical',
          heldOn: '2009-04-02',
          attendingParties: both,
          minutesUrl: null,
          decisions: ['Réunion rattrapée'],
        },
        'INVALID_TRANSITION',
        'a meeting of a quarter already closed cannot be recorded',
      );
      await h.at('2009-06-19');
      await h.meeting(acse, 'technical', '2009-06-18', ['Bilan du semestre']);
      await h.at('2009-06-20');
      await h.evaluate(region, ['MET', 'MET', 'PARTIALLY_MET', 'MET'], 'Première année');
      await h.at('2009-06-25');
      await h.confirm(region, 'annual-action-sheets', 'Fiches par axe 2009-2010');
      await h.at('2009-06-30');
      await h.confirm(acse, 'annual-action-sheets', 'Fiches par axe validées');
      await h.at('2009-07-02');
      await h.evaluate(acse, ['MET', 'PARTIALLY_MET', 'PARTIALLY_MET', 'MET'], 'Première année');
      await h.at('2009-07-15');
      await h.checkpoint();

      await h.at('2009-09-25');
      await h.meeting(region, 'technical', '2009-09-24', ['Appels à projets communs']);
      await h.at('2009-11-27');
      await h.confirm(acse, 'acse-awareness-week', 'Semaine 2009');
      await h.at('2009-12-04');
      await h.meeting(region, 'steering', '2009-12-03', ['Orientations 2009-2010']);
      await h.at('2009-12-11');
      await h.meeting(acse, 'technical', '2009-12-10', ['Tableau de bord commun']);
      await h.confirm(region, 'joint-dashboard', 'Tableau de bord en ligne');
      await h.confirm(acse, 'joint-dashboard', 'Tableau de bord validé');
      await h.at('2010-03-15');
      await h.do(acse, { type: 'NOTICE_GIVEN', reason: 'Transfert des missions de la direction régionale' });
      await h.at('2010-03-19');
      await h.meeting(region, 'technical', '2010-03-18', ['Préparation de la fin du partenariat']);
      await h.at('2010-03-20');
      await h.refuse(
        region,
        { type: 'NOTICE_GIVEN', reason: 'Dénonciation de la Région' },
        'INVALID_TRANSITION',
        'notice has already been given',
      );
      await h.at('2010-06-11');
      await h.meeting(acse, 'technical', '2010-06-10', ['Dernier comité technique']);
      await h.at('2010-06-28');
      await h.evaluate(region, ['PARTIALLY_MET', 'MET', 'MET', 'NOT_MET'], 'Deuxième année');
      // Notice effective at the anniversary, 11 July 2010; the Acsé's evaluation never came.
      await h.at('2010-07-20');
      await h.refuse(
        region,
        {
          type: 'MEETING_RECORDED',
          committee: 'technical',
          heldOn: '2010-07-15',
          attendingParties: both,
          minutesUrl: null,
          decisions: [],
        },
        'INVALID_TRANSITION',
        'the convention has ended',
      );
      await h.checkpoint();
    },
  },

  /** CGET–Défenseur des droits: committees, an amendment applied, one withdrawn, a tacit renewal. */
  '002': {
    workflowFile: 'cget-defenseur-des-droits-2015.yaml',
    async run(h) {
      const cget = rep('cget', 'Mission lutte contre les discriminations du CGET');
      const ddd = rep('defenseur-des-droits', 'Direction de la promotion de l’égalité');
      await h.create('2015-11-10');
      await h.at('2015-11-17 10:00');
      await h.sign(cget, 'cget-commissaire-generale');
      await h.at('2015-11-17 10:30');
      await h.sign(ddd, 'le-defenseur-des-droits');
      await h.checkpoint();

      await h.at('2016-01-15');
      await h.confirm(ddd, 'ddd-referent-delegates', 'Délégués référents désignés sur les quatre sites');
      await h.at('2016-02-05');
      await h.meeting(cget, 'technical', '2016-02-04', ['Plan de travail 2016']);
      await h.at('2016-03-10');
      await h.confirm(cget, 'listening-cells', 'Cadre de référence diffusé');
      await h.at('2016-03-14');
      await h.confirm(ddd, 'listening-cells', 'Appui aux premières cellules');
      await h.at('2016-06-17');
      await h.meeting(ddd, 'technical', '2016-06-16', ['Bilan des sites expérimentaux']);
      await h.at('2016-10-07');
      await h.meeting(cget, 'steering', '2016-10-06', ['Comité de pilotage annuel']);
      await h.at('2016-10-20');
      await h.evaluate(cget, ['MET', 'MET', 'PARTIALLY_MET', 'MET', 'MET'], 'Première année');
      await h.at('2016-11-03');
      await h.evaluate(ddd, ['MET', 'EXCEEDED', 'PARTIALLY_MET', 'MET', 'MET'], 'Première année');

      const a1 = {
        type: 'AMENDMENT_PROPOSED' as const,
        amendmentId: 'A1',
        kind: 'CHANGE' as const,
        changes: {
          addCommitments: [
            {
              id: 'annual-joint-report',
              article: 'Avenant n° 1, article 1',
              title: 'Rapport annuel conjoint',
              text: 'Les parties établissent chaque année un rapport conjoint sur la mise en œuvre de la convention.',
              owners: ['cget', 'defenseur-des-droits'],
              shape: 'recurring' as const,
              every: 'P1Y',
            },
          ],
          changeCommitments: [
            {
              id: 'ddd-transmits-discrimination-data',
              article: 'Article 3.1, 2e tiret, modifié par l’avenant n° 1',
              title: 'Transmission semestrielle des données sur les cas présumés de discrimination',
              shape: 'recurring' as const,
              every: 'P6M',
            },
          ],
        },
        effectiveOn: '2017-01-01',
        summary: 'Avenant n° 1 : rapport annuel conjoint, transmission semestrielle des données',
      };
      await h.at('2016-12-01');
      await h.do(cget, a1);
      await h.at('2016-12-05');
      await h.refuse(
        ddd,
        {
          type: 'AMENDMENT_PROPOSED',
          amendmentId: 'A2',
          kind: 'CHANGE',
          changes: { notice: { kind: 'period', period: 'P3M' } },
          effectiveOn: null,
          summary: 'Préavis de trois mois',
        },
        'INVALID_TRANSITION',
        'an amendment is already pending',
      );
      await h.at('2016-12-08');
      await h.do(cget, {
        type: 'AMENDMENT_SIGNED',
        amendmentId: 'A1',
        signatoryId: 'cget-commissaire-generale',
      });
      await h.at('2016-12-15');
      await h.do(ddd, {
        type: 'AMENDMENT_SIGNED',
        amendmentId: 'A1',
        signatoryId: 'le-defenseur-des-droits',
      });
      await h.refuse(
        ddd,
        { type: 'AMENDMENT_SIGNED', amendmentId: 'A1', signatoryId: 'le-defenseur-des-droits' },
        'INVALID_TRANSITION',
        'an amendment is signed once by each signatory',
      );
      // Applied on 1 January 2017: the data commitment gets a second version.
      await h.at('2017-01-05');
      await h.checkpoint();

      await h.at('2017-03-10');
      await h.meeting(cget, 'technical', '2017-03-09', ['Suivi de l’avenant n° 1']);
      await h.at('2017-04-06');
      await h.do(ddd, {
        type: 'AMENDMENT_PROPOSED',
        amendmentId: 'A2',
        kind: 'CHANGE',
        changes: { notice: { kind: 'period', period: 'P3M' } },
        effectiveOn: null,
        summary: 'Avenant n° 2 : préavis porté à trois mois',
      });
      await h.at('2017-04-20');
      await h.do(cget, {
        type: 'AMENDMENT_SIGNED',
        amendmentId: 'A2',
        signatoryId: 'cget-commissaire-generale',
      });
      await h.at('2017-05-11');
      await h.do(ddd, {
        type: 'AMENDMENT_WITHDRAWN',
        amendmentId: 'A2',
        reason: 'Abandonné après concertation en comité technique',
      });
      await h.at('2017-05-15');
      await h.refuse(
        ddd,
        { type: 'AMENDMENT_SIGNED', amendmentId: 'A2', signatoryId: 'le-defenseur-des-droits' },
        'INVALID_TRANSITION',
        'a withdrawn amendment cannot be signed',
      );
      await h.at('2017-06-20');
      await h.confirm(ddd, 'ddd-transmits-discrimination-data.v2', 'Données du premier semestre 2017');
      await h.refuse(
        ddd,
        {
          type: 'COMMITMENT_CONFIRMED',
          commitmentId: 'ddd-transmits-discrimination-data',
          note: 'Ancienne version',
          evidenceUrl: null,
        },
        'INVALID_TRANSITION',
        'the superseded version of a changed commitment is no longer owed',
      );
      await h.at('2017-09-15');
      await h.meeting(ddd, 'technical', '2017-09-14', ['Rapport conjoint : sommaire']);
      await h.at('2017-10-13');
      await h.meeting(cget, 'steering', '2017-10-12', ['Comité de pilotage 2017']);
      await h.at('2017-11-06');
      await h.evaluate(cget, ['MET', 'MET', 'MET', 'PARTIALLY_MET', 'MET'], 'Deuxième année');
      await h.at('2017-11-10');
      await h.evaluate(ddd, ['MET', 'MET', 'MET', 'MET', 'MET'], 'Deuxième année');
      await h.at('2017-12-05');
      await h.confirm(cget, 'annual-joint-report', 'Rapport 2017, contribution du CGET');
      await h.at('2017-12-12');
      await h.confirm(ddd, 'annual-joint-report', 'Rapport 2017 publié', 'https://example.org/rapport-2017');
      await h.at('2017-12-14');
      await h.confirm(ddd, 'ddd-transmits-discrimination-data.v2', 'Données du second semestre 2017');
      await h.checkpoint();

      await h.at('2018-02-09');
      await h.meeting(cget, 'technical', '2018-02-08', ['Préparation du renouvellement']);
      await h.at('2018-06-15');
      await h.meeting(ddd, 'technical', '2018-06-14', ['Données du premier semestre']);
      await h.confirm(ddd, 'ddd-transmits-discrimination-data.v2', 'Données du premier semestre 2018');
      await h.at('2018-06-20');
      await h.refuse(
        cget,
        {
          type: 'AMENDMENT_PROPOSED',
          amendmentId: 'A3',
          kind: 'RENEWAL',
          changes: {},
          effectiveOn: null,
          summary: 'Renouvellement par avenant',
        },
        'INVALID_TRANSITION',
        'this convention renews tacitly, not by amendment',
      );
      // No notice by 17 September 2018: renewed tacitly for three years.
      await h.at('2018-10-05');
      await h.meeting(cget, 'steering', '2018-10-04', ['Orientations du second triennal']);
      await h.at('2018-10-18');
      await h.evaluate(cget, ['MET', 'MET', 'MET', 'MET', 'PARTIALLY_MET'], 'Troisième année');
      await h.at('2018-11-08');
      await h.evaluate(ddd, ['MET', 'MET', 'EXCEEDED', 'MET', 'MET'], 'Troisième année');
      await h.at('2019-02-08');
      await h.meeting(ddd, 'technical', '2019-02-07', ['Premier comité du second triennal']);
      await h.refuse(
        cget,
        {
          type: 'COMMITMENT_CONFIRMED',
          commitmentId: 'ddd-public-services-houses',
          note: 'Pour le compte du Défenseur',
          evidenceUrl: null,
        },
        'FORBIDDEN',
        'the CGET does not owe the Défenseur’s commitment',
      );
      await h.at('2019-03-01');
      await h.checkpoint();
    },
  },

  /** Charte de la diversité–CNML: renewed by amendment once, then expired without one. */
  '003': {
    workflowFile: 'charte-diversite-cnml-2009.yaml',
    async run(h) {
      const charte = rep('charte-diversite', 'Secrétariat général de la Charte de la diversité');
      const cnml = rep('cnml', 'Délégation du CNML');
      await h.create('2009-06-10');
      await h.at('2009-06-16 10:00');
      await h.sign(charte, 'ims-president');
      await h.at('2009-06-16 10:15');
      await h.sign(cnml, 'cnml-president');
      await h.refuse(
        cnml,
        { type: 'NOTICE_GIVEN', reason: 'Fin anticipée' },
        'INVALID_TRANSITION',
        'the text provides no termination by notice',
      );
      await h.checkpoint();

      await h.at('2009-09-10');
      await h.confirm(charte, 'charte-newsletter-promotion', 'Article dans la lettre de la Charte');
      await h.at('2009-10-01');
      await h.confirm(cnml, 'cnml-brochure-online', 'Plaquette en ligne');
      await h.confirm(cnml, 'cnml-website-link', 'Lien sur le site du CNML');
      await h.at('2010-01-20');
      await h.confirm(charte, 'charte-annual-exchange', 'Échange annuel 2010');
      await h.at('2010-01-22');
      await h.confirm(cnml, 'cnml-annual-exchange', 'Échange annuel 2010');
      await h.at('2010-03-04');
      await h.confirm(charte, 'charte-annual-meeting', 'Rencontre annuelle');
      await h.confirm(cnml, 'cnml-annual-meeting', 'Rencontre annuelle');
      await h.at('2010-04-15');
      await h.refuse(
        charte,
        {
          type: 'MEETING_RECORDED',
          committee: 'steering',
          heldOn: '2010-04-14',
          attendingParties: ['charte-diversite', 'cnml'],
          minutesUrl: null,
          decisions: ['Bilan'],
        },
        'INVALID_TRANSITION',
        'no commitment of this convention is fulfilled by the steering committee’s meetings',
      );
      await h.at('2010-05-05');
      await h.evaluate(charte, ['MET', 'PARTIALLY_MET', 'MET', 'MET'], 'Bilan de la première année');
      await h.at('2010-05-12');
      await h.evaluate(cnml, ['MET', 'MET', 'MET', 'EXCEEDED'], 'Bilan de la première année');
      await h.at('2010-05-20');
      await h.do(charte, {
        type: 'AMENDMENT_PROPOSED',
        amendmentId: 'A1',
        kind: 'RENEWAL',
        changes: {},
        effectiveOn: null,
        summary: 'Avenant de renouvellement pour 2010-2011',
      });
      await h.at('2010-05-27');
      await h.do(cnml, { type: 'AMENDMENT_SIGNED', amendmentId: 'A1', signatoryId: 'cnml-president' });
      await h.at('2010-06-01');
      await h.do(charte, { type: 'AMENDMENT_SIGNED', amendmentId: 'A1', signatoryId: 'ims-president' });
      await h.at('2010-06-03');
      await h.refuse(
        cnml,
        {
          type: 'AMENDMENT_PROPOSED',
          amendmentId: 'A2',
          kind: 'RENEWAL',
          changes: {},
          effectiveOn: null,
          summary: 'Second renouvellement',
        },
        'INVALID_TRANSITION',
        'the next term is already decided',
      );
      // Term 2 begins on 16 June 2010.
      await h.at('2010-06-20');
      await h.checkpoint();

      await h.at('2010-10-14');
      await h.confirm(charte, 'charte-presents-cnml-to-recruiters', 'Présentation aux recruteurs');
      await h.at('2011-01-18');
      await h.confirm(charte, 'charte-annual-exchange', 'Échange annuel 2011');
      await h.at('2011-05-30');
      await h.evaluate(cnml, ['PARTIALLY_MET', 'MET', 'PARTIALLY_MET', 'MET'], 'Bilan de la deuxième année');
      // No renewal amendment: the convention expires on 16 June 2011.
      await h.at('2011-06-20');
      await h.refuse(
        charte,
        {
          type: 'AMENDMENT_PROPOSED',
          amendmentId: 'A2',
          kind: 'RENEWAL',
          changes: {},
          effectiveOn: null,
          summary: 'Renouvellement tardif',
        },
        'INVALID_TRANSITION',
        'an expired convention cannot be renewed',
      );
      await h.checkpoint();
    },
  },

  /** AMIF–Centre Hubertine Auclert: open-ended, amended (add + change), ended by notice. */
  '004': {
    workflowFile: 'amif-hubertine-auclert-2020.yaml',
    async run(h) {
      const amif = rep('amif', 'Délégation générale de l’AMIF');
      const centre = rep('centre-hubertine-auclert', 'Direction du Centre Hubertine Auclert');
      await h.create('2020-10-05');
      await h.at('2020-10-13 09:00');
      await h.sign(amif, 'amif-president');
      await h.at('2020-10-13 09:20');
      await h.sign(centre, 'centre-hubertine-auclert-presidente');
      await h.at('2020-10-20');
      await h.refuse(
        amif,
        {
          type: 'AMENDMENT_PROPOSED',
          amendmentId: 'A1',
          kind: 'RENEWAL',
          changes: {},
          effectiveOn: null,
          summary: 'Renouvellement',
        },
        'INVALID_TRANSITION',
        'an open-ended convention is never renewed',
      );
      await h.checkpoint();

      await h.at('2020-12-03');
      await h.confirm(amif, 'bilateral-exchange', 'Ressources partagées');
      await h.at('2020-12-10');
      await h.confirm(centre, 'bilateral-exchange', 'Expertise partagée');
      await h.at('2021-01-14');
      await h.confirm(
        centre,
        'cha-tools-for-communes',
        'Kit « pour agir » diffusé',
        'https://example.org/kit',
      );
      await h.at('2021-02-04');
      await h.confirm(amif, 'amif-relays-to-communes', 'Kit relayé aux élu·es');
      await h.at('2021-05-20');
      await h.confirm(amif, 'cross-participation-in-events', 'Salon de l’AMIF');
      await h.at('2021-06-03');
      await h.confirm(centre, 'cross-participation-in-events', 'Rencontres du Centre');

      await h.at('2021-09-09');
      await h.do(centre, {
        type: 'AMENDMENT_PROPOSED',
        amendmentId: 'A1',
        kind: 'CHANGE',
        changes: {
          addCommitments: [
            {
              id: 'annual-equality-barometer',
              article: 'Avenant n° 1',
              title: 'Baromètre annuel de l’égalité dans les communes',
              text: 'Le Centre Hubertine Auclert publie chaque année un baromètre de l’égalité dans les communes franciliennes.',
              owners: ['centre-hubertine-auclert'],
              shape: 'recurring',
              every: 'P1Y',
            },
          ],
          changeCommitments: [
            {
              id: 'amif-relays-to-communes',
              title: 'Relais par l’AMIF auprès des communes, y compris au salon annuel',
              text: 'L’AMIF relaie les outils du Centre auprès des communes et leur consacre un espace au salon annuel.',
            },
          ],
        },
        effectiveOn: '2022-01-01',
        summary: 'Avenant n° 1 : baromètre annuel, relais au salon annuel',
      });
      await h.refuse(
        centre,
        { type: 'AMENDMENT_SIGNED', amendmentId: 'A1', signatoryId: 'amif-president' },
        'FORBIDDEN',
        'the Centre cannot sign for the AMIF',
      );
      await h.at('2021-09-23');
      await h.do(amif, { type: 'AMENDMENT_SIGNED', amendmentId: 'A1', signatoryId: 'amif-president' });
      await h.at('2021-09-30');
      await h.do(centre, {
        type: 'AMENDMENT_SIGNED',
        amendmentId: 'A1',
        signatoryId: 'centre-hubertine-auclert-presidente',
      });
      await h.at('2022-01-03');
      await h.checkpoint();

      await h.at('2022-03-10');
      await h.confirm(amif, 'amif-relays-to-communes.v2', 'Espace égalité au salon annuel');
      await h.at('2022-03-15');
      await h.refuse(
        amif,
        {
          type: 'COMMITMENT_CONFIRMED',
          commitmentId: 'amif-relays-to-communes',
          note: 'Ancienne rédaction',
          evidenceUrl: null,
        },
        'INVALID_TRANSITION',
        'the superseded version of a changed commitment is no longer owed',
      );
      await h.at('2022-06-09');
      await h.confirm(amif, 'cross-participation-in-events', 'Salon de l’AMIF 2022');
      await h.at('2022-06-16');
      await h.confirm(centre, 'cross-participation-in-events', 'Rencontres 2022');
      await h.at('2022-11-24');
      await h.confirm(centre, 'annual-equality-barometer', 'Baromètre 2022', 'https://example.org/barometre');

      await h.at('2023-02-02');
      await h.do(centre, { type: 'NOTICE_GIVEN', reason: 'Fin du partenariat au profit d’un nouveau cadre' });
      await h.at('2023-02-10');
      await h.refuse(
        amif,
        { type: 'NOTICE_GIVEN', reason: 'Dénonciation' },
        'INVALID_TRANSITION',
        'notice has already been given',
      );
      // Effective three months later, on 2 May 2023.
      await h.at('2023-05-15');
      await h.refuse(
        centre,
        {
          type: 'COMMITMENT_CONFIRMED',
          commitmentId: 'annual-equality-barometer',
          note: 'Baromètre 2023',
          evidenceUrl: null,
        },
        'INVALID_TRANSITION',
        'the convention has ended',
      );
      await h.checkpoint();
    },
  },
};

export interface GoldenHistory {
  seed: Seed;
  /** The NDJSON export of the whole log (one convention). */
  exportText: string;
  refusals: RecordedRefusal[];
  /** What the store itself projected after the last event (a cross-check of the replay). */
  storedProjection: GoldenProjection;
}

/** Drives seed `seed`'s history on a fresh temporary store and exports it. */
export async function recordHistory(seed: Seed): Promise<GoldenHistory> {
  if (!existsSync(GOLDEN_KEY_PATH)) {
    throw new Error(`${GOLDEN_KEY_PATH} is missing: run npm run golden:generate to create it`);
  }
  const script = SCRIPTS[seed];
  const dir = mkdtempSync(join(tmpdir(), `conventio-golden-${seed}-`));
  // Only this seed's definition is published: the export carries no other.
  const workflowsDir = join(dir, 'workflows');
  mkdirSync(workflowsDir);
  copyFileSync(join(REPO_ROOT, 'workflows', script.workflowFile), join(workflowsDir, script.workflowFile));
  const runtime = await openRuntime({
    ...configFromEnv({}),
    databasePath: join(dir, 'conventio.sqlite'),
    workflowsDir,
    clock: 'manual',
    clockStart: '2000-01-01T00:00:00.000Z',
    auditKeyPath: GOLDEN_KEY_PATH,
    checkpointOrigin: `conventio/golden/${seed}`,
  });
  try {
    const [definition] = runtime.registry.current();
    if (!definition) throw new Error(`no definition in ${script.workflowFile}`);
    const driver = new HistoryDriver(runtime, definition, seed);
    await script.run(driver);
    let exportText = '';
    const lines = exportLines(
      runtime.db.read,
      runtime.log,
      runtime.config.checkpointOrigin,
      runtime.clock.nowIso(),
      null,
    );
    for await (const line of lines) exportText += line;
    const events = await runtime.db.read.find<StoredEvent>('events', { order: { version: 'ASC' } });
    const row = await runtime.conventionRepository.load(runtime.db.read, driver.conventionId);
    if (!row) throw new Error('the convention is gone');
    const stored = restoreConvention(definition, JSON.parse(row.snapshot)).getSnapshot();
    const lookup = (ref: string) => runtime.registry.byReference(ref);
    return {
      seed,
      exportText,
      refusals: driver.refusals,
      storedProjection: goldenProjection(definition, stored, trailOf(events, lookup)),
    };
  } finally {
    await runtime.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// Writing and checking the files
// ---------------------------------------------------------------------------------------------

async function formatJson(path: string, value: unknown): Promise<string> {
  const prettier = await import('prettier');
  const options = (await prettier.resolveConfig(path)) ?? {};
  return prettier.format(JSON.stringify(value), { ...options, filepath: path });
}

async function goldenFiles(history: GoldenHistory): Promise<Map<string, string>> {
  const paths = goldenPaths(history.seed);
  const expected = projectExport(parseExport(history.exportText));
  if (canonicalJson(expected) !== canonicalJson(history.storedProjection)) {
    throw new Error(`seed ${history.seed}: the replayed outcome differs from what the store projected`);
  }
  return new Map([
    [paths.export, history.exportText],
    [paths.expected, await formatJson(paths.expected, expected)],
    [paths.refusals, await formatJson(paths.refusals, history.refusals)],
  ]);
}

async function main(argv: string[]): Promise<number> {
  const check = argv.includes('--check');
  if (!existsSync(GOLDEN_KEY_PATH)) {
    if (check) throw new Error(`${GOLDEN_KEY_PATH} is missing`);
    mkdirSync(GOLDEN_DIR, { recursive: true });
    // Creates the test-only key; later runs reuse it, so the files do not change.
    const { loadOrCreateAuditKey } = await import('../../src/audit/audit-key');
    loadOrCreateAuditKey(GOLDEN_KEY_PATH);
  }
  let differences = 0;
  for (const seed of SEEDS) {
    const files = await goldenFiles(await recordHistory(seed));
    for (const [path, content] of files) {
      const name = path.slice(REPO_ROOT.length + 1);
      if (check) {
        const current = existsSync(path) ? readFileSync(path, 'utf8') : null;
        if (current !== content) {
          differences += 1;
          console.error(`${name}: differs from a fresh run`);
        }
      } else {
        writeFileSync(path, content);
        console.log(`${name}: ${Buffer.byteLength(content)} bytes`);
      }
    }
  }
  if (check) {
    console.log(differences ? `${differences} golden file(s) differ` : 'golden files are reproducible');
  }
  return differences ? 1 : 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
