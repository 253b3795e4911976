import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { StoredEvent } from '../../src/events/stored-event';
import { canonicalJson } from '../../src/common/canonical-json';
import { ConventioProcess } from './conventio-process';
import { World } from './story';
import { TamperableStore, tamperableStore, TamperSql } from './tamper-store';

/**
 * The log the tampering stories attack, and the attacker's and the auditor's tools.
 * An attacker with write access to the store edits the log. Each kind of tampering is done
 * twice: on the real store (the restarted server's verifyHistory must report it, and so must
 * the offline verifier on the export that server then gives), and on an export file the
 * auditor received (the offline verifier must report it). The attacker removes the
 * append-only triggers first (drops them from the SQLite file; on PostgreSQL, as the
 * database's owner, disables them) and, where it would help him, keeps counts and hashes
 * consistent. The same SQL runs on both stores (see `tamper-store.ts`).
 */

export interface EventTableRow {
  sequence: number;
  stream_id: string;
  version: number;
  type: string;
  payload: string;
  actor_user_id: string;
  actor_name: string;
  actor_role: string;
  actor_party_id: string | null;
  occurred_at: string;
  definition_ref: string;
  machine_version: number;
  idempotency_key: string | null;
  prev_hash: string;
  hash: string;
}

export interface ExportRecord {
  type: string;
  [key: string]: unknown;
}

export interface ExportedEvent extends ExportRecord {
  type: 'event';
  sequence: number;
  streamId: string;
  version: number;
  eventType: string;
  payload: string;
  actor: { userId: string; name: string; role: string; partyId: string | null };
  occurredAt: string;
  definitionRef: string;
  machineVersion: number;
  idempotencyKey: string | null;
  prevHash: string;
  hash: string;
}

export interface Verification {
  valid: boolean;
  eventCount: number;
  firstBadVersion: number | null;
  reason: string | null;
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CheckpointData {
  size: number;
  root: string;
  file: string;
}

export const CREATE =
  'mutation($w: ID!) { createConvention(input: { workflowId: $w }) { convention { id status } } }';
export const SIGN =
  'mutation($id: ID!) { signConvention(input: { conventionId: $id }) { convention { status } } }';
export const MARK = `mutation($c: ID!, $note: String!) { markCommitmentDone(input: { commitmentId: $c, note: $note,
  evidenceUrl: "https://example.org/preuve" }) { commitment { status } } }`;
export const PROPOSE = `mutation($id: ID!, $add: [CommitmentSpecInput!]) {
  proposeAmendment(input: { conventionId: $id, summary: "Avenant n° 1 : guide commun",
    changes: { addCommitments: $add } }) { convention { amendments { id status } } } }`;
export const SIGN_AMENDMENT = `mutation($id: ID!) { signAmendment(input: { conventionId: $id }) {
  convention { amendments { id status } } } }`;
export const EVALUATE = `mutation($id: ID!, $a: [AssessmentInput!]!) { submitEvaluation(input: { conventionId: $id,
  assessments: $a, summary: "Bilan annuel" }) { convention { status } } }`;
export const PUBLISH = 'mutation { publishCheckpoint { size root file } }';
export const VERIFY = `query($id: ID!) { verifyHistory(conventionId: $id) { valid eventCount firstBadVersion reason } }`;

/** Changes one character of `value` (the first letter or digit from its middle on) to another one. */
export function flipOneByte(value: string, hex = false): string {
  const start = Math.floor(value.length / 2);
  const order = [...Array(value.length).keys()].map((i) => (start + i) % value.length);
  const index = order.find((i) => /[0-9A-Za-z]/.test(value[i]!));
  if (index === undefined) throw new Error(`nothing to flip in ${value}`);
  const c = value[index]!;
  let flipped: string;
  if (hex) flipped = ((parseInt(c, 16) + 1) % 16).toString(16);
  else if (/[0-9]/.test(c)) flipped = String((Number(c) + 1) % 10);
  else if (c === 'z' || c === 'Z') flipped = String.fromCharCode(c.charCodeAt(0) - 25);
  else flipped = String.fromCharCode(c.charCodeAt(0) + 1);
  return value.slice(0, index) + flipped + value.slice(index + 1);
}

/** A table row as the log's record: its columns are the record's fields in snake case. */
export function storedFromRow(row: EventTableRow): StoredEvent {
  return Object.fromEntries(
    Object.entries(row).map(([column, value]) => [
      column.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()),
      value,
    ]),
  ) as unknown as StoredEvent;
}

/** The payload of a commitment confirmation with its note replaced. */
export function withNote(payload: string, note: string): string {
  return canonicalJson({ ...(JSON.parse(payload) as Record<string, unknown>), note });
}

/**
 * Two conventions (HALDE–AMF and the CNML charter) whose events interleave in the log, two
 * signed checkpoints (one a party kept, the latest), the audit key, the whole-log and the
 * HALDE–AMF exports, all verified; then the store kept as its pristine copy. Each case of a
 * story restores that copy before it edits the store, so the cases do not depend on each other.
 */
export class TamperingWorld {
  world!: World;
  server!: ConventioProcess;
  admin!: string;
  auditor!: string;
  haldeAmf!: string;
  charteCnml!: string;
  kept!: CheckpointData;
  latest!: CheckpointData;
  keptFile!: string;
  latestFile!: string;
  keyFile!: string;
  /** The store, edited with the server down; restored to its pristine state before each case. */
  store!: TamperableStore;
  pristineExport!: string;
  /** HALDE–AMF's own export, with the inclusion proof of each event. */
  conventionExport!: string;
  pristineRows!: EventTableRow[];
  /** HALDE–AMF's first two commitment confirmations, one after the other in its stream. */
  firstMark!: EventTableRow;
  secondMark!: EventTableRow;
  /** The charter's first confirmation: right after `firstMark` in the log. */
  charteMark!: EventTableRow;
  /** The charter's last event, followed in the log by one of HALDE–AMF. */
  charteEnd!: EventTableRow;

  readonly file = (name: string) => join(this.server.dir, name);

  readonly cli = async (...args: string[]): Promise<CliResult> => {
    try {
      const { stdout, stderr } = await this.server.cli(...args);
      return { code: 0, stdout, stderr };
    } catch (error) {
      const failed = error as { code?: unknown; stdout?: string; stderr?: string };
      return {
        code: typeof failed.code === 'number' ? failed.code : -1,
        stdout: failed.stdout ?? '',
        stderr: failed.stderr ?? '',
      };
    }
  };

  readonly verifyHistory = async (conventionId: string) =>
    (await this.server.ok<{ verifyHistory: Verification }>(this.auditor, VERIFY, { id: conventionId }))
      .verifyHistory;

  /** Restores the untouched database, lets `tamper` edit it with the server down, restarts the server. */
  readonly tamperDatabase = async (tamper: (db: TamperSql) => Promise<void>) => {
    await this.server.stop();
    await this.store.tamper(tamper);
    await this.server.boot();
  };

  readonly update = (db: TamperSql, sequence: number, changes: Partial<EventTableRow>) => {
    const columns = Object.keys(changes);
    return db.run(
      `UPDATE events SET ${columns.map((c, i) => `"${c}" = $${i + 1}`).join(', ')} WHERE sequence = $${columns.length + 1}`,
      [...Object.values(changes), sequence],
    );
  };

  readonly insert = (db: TamperSql, event: EventTableRow) => {
    const columns = Object.keys(event);
    return db.run(
      `INSERT INTO events (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})`,
      Object.values(event),
    );
  };

  /** The export the (restarted, tampered) server now gives, checked offline with the key pinned. */
  readonly verifyServerExport = async (name: string, ...extra: string[]) => {
    const path = this.file(`${name}.ndjson`);
    const exported = await this.cli('export', '--out', path);
    expect(exported.code).toBe(0);
    return this.cli('verify', path, '--public-key', this.keyFile, ...extra);
  };

  /** A copy of an untouched export edited by `edit`, checked offline. */
  readonly verifyEdited = async (
    source: string,
    name: string,
    edit: (records: ExportRecord[]) => ExportRecord[],
    ...extra: string[]
  ) => {
    const records = readFileSync(source, 'utf8')
      .split('\n')
      .filter((line) => line.trim())
      .map((line) => JSON.parse(line) as ExportRecord);
    const path = this.file(`${name}.ndjson`);
    writeFileSync(
      path,
      edit(records)
        .map((r) => `${JSON.stringify(r)}\n`)
        .join(''),
    );
    return this.cli('verify', path, '--public-key', this.keyFile, ...extra);
  };

  /** The same, on the whole-log export. */
  readonly verifyEditedExport = (
    name: string,
    edit: (records: ExportRecord[]) => ExportRecord[],
    ...extra: string[]
  ) => this.verifyEdited(this.pristineExport, name, edit, ...extra);

  readonly exportedEvent = (records: ExportRecord[], streamId: string, version: number) =>
    records.find(
      (r) => r.type === 'event' && r.streamId === streamId && r.version === version,
    ) as ExportedEvent;

  /** What a careful attacker does after removing events: make the counts agree. */
  readonly fixCounts = (records: ExportRecord[]) => {
    const events = records.filter((r) => r.type === 'event').length;
    return records.map((r) =>
      r.type === 'header' ? { ...r, logSize: events } : r.type === 'end' ? { ...r, events } : r,
    );
  };

  readonly expectInvalid = (result: CliResult, pattern: RegExp) => {
    expect({ code: result.code, stderr: result.stderr.trim() }).toEqual({
      code: 2,
      stderr: expect.stringMatching(pattern) as unknown as string,
    });
    expect(result.stdout).not.toMatch(/VALID/);
  };

  async build(): Promise<void> {
    const world = await World.start({ CLOCK: 'manual', CLOCK_START: '2010-06-20T08:00:00Z' });
    this.world = world;
    ({ server: this.server, admin: this.admin, auditor: this.auditor } = world);
    const halde = world.as('halde');
    const amf = world.as('amf');
    const charte = world.as('charte-diversite');
    const cnml = world.as('cnml');
    await world.tokensOf('halde', 'amf', 'charte-diversite', 'cnml');

    // HALDE–AMF (A) and the CNML charter (B), their events interleaved in the log.
    const haldeAmf = await world.given.draft('halde-amf');
    this.haldeAmf = haldeAmf.id;
    this.charteCnml = (await world.given.draft('charte-cnml')).id;
    await world.when.clockReaches('2010-06-24T09:00:00Z');
    await amf.signs(this.haldeAmf);
    await charte.signs(this.charteCnml);
    await halde.signs(this.haldeAmf);
    await cnml.signs(this.charteCnml);
    await world.when.clockReaches('2010-09-15T10:00:00Z');
    await halde.marksDone(`${this.haldeAmf}:halde-shares-information`, { note: 'Fiches transmises' });
    await cnml.marksDone(`${this.charteCnml}:cnml-brochure-online`, { note: 'Brochure en ligne' });
    await amf.marksDone(`${this.haldeAmf}:amf-relays-information`, { note: 'Article dans Maires de France' });
    await halde.does(PROPOSE, {
      id: this.haldeAmf,
      add: [
        {
          id: 'joint-guide-for-mayors',
          article: 'Avenant n° 1, article 1',
          title: 'Guide commun à l’usage des maires',
          text: 'La HALDE et l’AMF rédigent ensemble un guide à l’usage des maires.',
          owners: ['halde', 'amf'],
          shape: 'STANDING',
        },
      ],
    });
    await amf.signsAmendment(this.haldeAmf);
    await halde.signsAmendment(this.haldeAmf);
    await charte.marksDone(`${this.charteCnml}:charte-newsletter-promotion`, { note: 'Lettre n° 12' });
    // The checkpoint a party keeps from that day.
    this.kept = (
      await this.server.ok<{ publishCheckpoint: CheckpointData }>(this.admin, PUBLISH)
    ).publishCheckpoint;

    // Later: the annual evaluation, then the tacit renewal and the charter's term end, by deadlines.
    await world.when.clockReaches('2011-02-10T09:00:00Z');
    await amf.evaluates(haldeAmf, undefined, 'Bilan annuel');
    await halde.evaluates(haldeAmf, undefined, 'Bilan annuel');
    const fired = await world.when.clockReaches('2011-06-24T12:00:00Z');
    expect(fired.map((d) => d.kind)).toEqual(expect.arrayContaining(['NOTICE_DEADLINE', 'TERM_END']));
    await amf.marksDone(`${this.haldeAmf}:amf-joins-halde-working-groups`, {
      note: 'Groupe de travail du 30 juin',
    });
    this.latest = (
      await this.server.ok<{ publishCheckpoint: CheckpointData }>(this.admin, PUBLISH)
    ).publishCheckpoint;

    this.keptFile = this.file('kept-checkpoint.txt');
    writeFileSync(this.keptFile, this.kept.file);
    this.latestFile = this.file('latest-checkpoint.txt');
    writeFileSync(this.latestFile, this.latest.file);
    const key = await this.server.ok<{ auditKey: { publicKeyPem: string } }>(
      this.auditor,
      '{ auditKey { publicKeyPem } }',
    );
    this.keyFile = this.file('audit-key.pub.pem');
    writeFileSync(this.keyFile, key.auditKey.publicKeyPem);

    for (const id of [this.haldeAmf, this.charteCnml]) {
      expect(await this.verifyHistory(id)).toEqual(expect.objectContaining({ valid: true }));
    }
    this.pristineExport = this.file('pristine.ndjson');
    expect((await this.cli('export', '--out', this.pristineExport)).code).toBe(0);
    this.conventionExport = this.file('pristine-halde-amf.ndjson');
    expect(
      (await this.cli('export', '--convention', this.haldeAmf, '--out', this.conventionExport)).code,
    ).toBe(0);
    expect(
      await this.cli(
        'verify',
        this.conventionExport,
        '--public-key',
        this.keyFile,
        '--checkpoint',
        this.keptFile,
      ),
    ).toEqual(expect.objectContaining({ code: 0 }));
    expect(
      await this.cli(
        'verify',
        this.pristineExport,
        '--public-key',
        this.keyFile,
        '--checkpoint',
        this.keptFile,
        this.latestFile,
      ),
    ).toEqual(expect.objectContaining({ code: 0 }));

    await this.server.stop();
    this.store = tamperableStore(this.server.store, this.server.dir);
    this.pristineRows = (await this.store.keepPristine()) as unknown as EventTableRow[];
    await this.server.boot();

    expect(this.pristineRows).toHaveLength(this.latest.size);
    const marks = this.pristineRows.filter(
      (r) => r.stream_id === this.haldeAmf && r.type === 'COMMITMENT_CONFIRMED',
    );
    [this.firstMark, this.secondMark] = marks as [EventTableRow, EventTableRow];
    expect(this.secondMark.version).toBe(this.firstMark.version + 1);
    this.charteMark = this.pristineRows.find(
      (r) => r.stream_id === this.charteCnml && r.type === 'COMMITMENT_CONFIRMED',
    )!;
    expect(this.charteMark.sequence).toBe(this.firstMark.sequence + 1);
    this.charteEnd = this.pristineRows.filter((r) => r.stream_id === this.charteCnml).pop()!;
    expect(this.charteEnd.sequence).toBeLessThan(this.latest.size);
    expect(this.secondMark.sequence).toBeLessThanOrEqual(this.kept.size);
  }

  async dispose(): Promise<void> {
    await this.world?.dispose();
    await this.store?.dispose();
  }
}
