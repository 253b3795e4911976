import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromExportedEvent } from '../../src/audit/export';
import { canonicalJson } from '../../src/common/canonical-json';
import { storedEventHash } from '../../src/events/event-hash';
import { StoredEvent } from '../../src/events/stored-event';
import { ConventioProcess } from '../support/conventio-process';
import { TamperableStore, tamperableStore, TamperSql } from '../support/tamper-store';

/**
 * An attacker with write access to the store edits the log. Each kind of tampering is done
 * twice: on the real store (the restarted server's verifyHistory must report it, and so must
 * the offline verifier on the export that server then gives), and on an export file the
 * auditor received (the offline verifier must report it). The attacker removes the
 * append-only triggers first (drops them from the SQLite file; on PostgreSQL, as the
 * database's owner, disables them) and, where it would help him, keeps counts and hashes
 * consistent. The same SQL runs on both stores (see `tamper-store.ts`).
 */

interface EventTableRow {
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

interface ExportRecord {
  type: string;
  [key: string]: unknown;
}

interface ExportedEvent extends ExportRecord {
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

interface Verification {
  valid: boolean;
  eventCount: number;
  firstBadVersion: number | null;
  reason: string | null;
}

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

interface CheckpointData {
  size: number;
  root: string;
  file: string;
}

const CREATE =
  'mutation($w: ID!) { createConvention(input: { workflowId: $w }) { convention { id status } } }';
const SIGN = 'mutation($id: ID!) { signConvention(input: { conventionId: $id }) { convention { status } } }';
const MARK = `mutation($c: ID!, $note: String!) { markCommitmentDone(input: { commitmentId: $c, note: $note,
  evidenceUrl: "https://example.org/preuve" }) { commitment { status } } }`;
const PROPOSE = `mutation($id: ID!, $add: [CommitmentSpecInput!]) {
  proposeAmendment(input: { conventionId: $id, summary: "Avenant n° 1 : guide commun",
    changes: { addCommitments: $add } }) { convention { amendments { id status } } } }`;
const SIGN_AMENDMENT = `mutation($id: ID!) { signAmendment(input: { conventionId: $id }) {
  convention { amendments { id status } } } }`;
const EVALUATE = `mutation($id: ID!, $a: [AssessmentInput!]!) { submitEvaluation(input: { conventionId: $id,
  assessments: $a, summary: "Bilan annuel" }) { convention { status } } }`;
const PUBLISH = 'mutation { publishCheckpoint { size root file } }';
const VERIFY = `query($id: ID!) { verifyHistory(conventionId: $id) { valid eventCount firstBadVersion reason } }`;

/** Changes one character of `value` (the first letter or digit from its middle on) to another one. */
function flipOneByte(value: string, hex = false): string {
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
function storedFromRow(row: EventTableRow): StoredEvent {
  return Object.fromEntries(
    Object.entries(row).map(([column, value]) => [
      column.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()),
      value,
    ]),
  ) as unknown as StoredEvent;
}

/** The payload of a commitment confirmation with its note replaced. */
function withNote(payload: string, note: string): string {
  return canonicalJson({ ...(JSON.parse(payload) as Record<string, unknown>), note });
}

describe('Tampering with the log is detected and named, in the database and in an export', () => {
  let server: ConventioProcess;
  let admin: string;
  let auditor: string;
  let haldeAmf: string;
  let charteCnml: string;
  let kept: CheckpointData;
  let latest: CheckpointData;
  let keptFile: string;
  let latestFile: string;
  let keyFile: string;
  /** The store, edited with the server down; restored to its pristine state before each case. */
  let store: TamperableStore;
  let pristineExport: string;
  /** HALDE–AMF's own export, with the inclusion proof of each event. */
  let conventionExport: string;
  let pristineRows: EventTableRow[];
  /** HALDE–AMF's first two commitment confirmations, one after the other in its stream. */
  let firstMark: EventTableRow;
  let secondMark: EventTableRow;
  /** The charter's first confirmation: right after `firstMark` in the log. */
  let charteMark: EventTableRow;
  /** The charter's last event, followed in the log by one of HALDE–AMF. */
  let charteEnd: EventTableRow;

  const file = (name: string) => join(server.dir, name);

  const cli = async (...args: string[]): Promise<CliResult> => {
    try {
      const { stdout, stderr } = await server.cli(...args);
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

  const verifyHistory = async (conventionId: string) =>
    (await server.ok<{ verifyHistory: Verification }>(auditor, VERIFY, { id: conventionId })).verifyHistory;

  /** Restores the untouched database, lets `tamper` edit it with the server down, restarts the server. */
  const tamperDatabase = async (tamper: (db: TamperSql) => Promise<void>) => {
    await server.stop();
    await store.tamper(tamper);
    await server.boot();
  };

  const update = (db: TamperSql, sequence: number, changes: Partial<EventTableRow>) => {
    const columns = Object.keys(changes);
    return db.run(
      `UPDATE events SET ${columns.map((c, i) => `"${c}" = $${i + 1}`).join(', ')} WHERE sequence = $${columns.length + 1}`,
      [...Object.values(changes), sequence],
    );
  };

  const insert = (db: TamperSql, event: EventTableRow) => {
    const columns = Object.keys(event);
    return db.run(
      `INSERT INTO events (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})`,
      Object.values(event),
    );
  };

  /** The export the (restarted, tampered) server now gives, checked offline with the key pinned. */
  const verifyServerExport = async (name: string, ...extra: string[]) => {
    const path = file(`${name}.ndjson`);
    const exported = await cli('export', '--out', path);
    expect(exported.code).toBe(0);
    return cli('verify', path, '--public-key', keyFile, ...extra);
  };

  /** A copy of an untouched export edited by `edit`, checked offline. */
  const verifyEdited = async (
    source: string,
    name: string,
    edit: (records: ExportRecord[]) => ExportRecord[],
    ...extra: string[]
  ) => {
    const records = readFileSync(source, 'utf8')
      .split('\n')
      .filter((line) => line.trim())
      .map((line) => JSON.parse(line) as ExportRecord);
    const path = file(`${name}.ndjson`);
    writeFileSync(
      path,
      edit(records)
        .map((r) => `${JSON.stringify(r)}\n`)
        .join(''),
    );
    return cli('verify', path, '--public-key', keyFile, ...extra);
  };

  /** The same, on the whole-log export. */
  const verifyEditedExport = (
    name: string,
    edit: (records: ExportRecord[]) => ExportRecord[],
    ...extra: string[]
  ) => verifyEdited(pristineExport, name, edit, ...extra);

  const exportedEvent = (records: ExportRecord[], streamId: string, version: number) =>
    records.find(
      (r) => r.type === 'event' && r.streamId === streamId && r.version === version,
    ) as ExportedEvent;

  /** What a careful attacker does after removing events: make the counts agree. */
  const fixCounts = (records: ExportRecord[]) => {
    const events = records.filter((r) => r.type === 'event').length;
    return records.map((r) =>
      r.type === 'header' ? { ...r, logSize: events } : r.type === 'end' ? { ...r, events } : r,
    );
  };

  const expectInvalid = (result: CliResult, pattern: RegExp) => {
    expect({ code: result.code, stderr: result.stderr.trim() }).toEqual({
      code: 2,
      stderr: expect.stringMatching(pattern) as unknown as string,
    });
    expect(result.stdout).not.toMatch(/VALID/);
  };

  beforeAll(async () => {
    server = await ConventioProcess.start({ CLOCK: 'manual', CLOCK_START: '2010-06-20T08:00:00Z' });
    const [halde, amf, charte, cnml] = await Promise.all([
      server.token('representative', 'Jeannette Bougrab', 'halde'),
      server.token('representative', 'Jacques Pélissard', 'amf'),
      server.token('representative', 'Claude Bébéar', 'charte-diversite'),
      server.token('representative', 'Président du CNML', 'cnml'),
    ]);
    [admin, auditor] = await Promise.all([
      server.token('admin', 'Administrateur'),
      server.token('auditor', 'Cour des comptes'),
    ]);
    const create = async (workflowId: string) =>
      (
        await server.ok<{ createConvention: { convention: { id: string } } }>(admin, CREATE, {
          w: workflowId,
        })
      ).createConvention.convention.id;

    // HALDE–AMF (A) and the CNML charter (B), their events interleaved in the log.
    haldeAmf = await create('halde-amf-2010');
    charteCnml = await create('charte-diversite-cnml-2009');
    await server.advance(admin, '2010-06-24T09:00:00Z');
    await server.ok(amf, SIGN, { id: haldeAmf });
    await server.ok(charte, SIGN, { id: charteCnml });
    await server.ok(halde, SIGN, { id: haldeAmf });
    await server.ok(cnml, SIGN, { id: charteCnml });
    await server.advance(admin, '2010-09-15T10:00:00Z');
    const mark = (token: string, id: string, key: string, note: string) =>
      server.ok(token, MARK, { c: `${id}:${key}`, note });
    await mark(halde, haldeAmf, 'halde-shares-information', 'Fiches transmises');
    await mark(cnml, charteCnml, 'cnml-brochure-online', 'Brochure en ligne');
    await mark(amf, haldeAmf, 'amf-relays-information', 'Article dans Maires de France');
    await server.ok(halde, PROPOSE, {
      id: haldeAmf,
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
    await server.ok(amf, SIGN_AMENDMENT, { id: haldeAmf });
    await server.ok(halde, SIGN_AMENDMENT, { id: haldeAmf });
    await mark(charte, charteCnml, 'charte-newsletter-promotion', 'Lettre n° 12');
    // The checkpoint a party keeps from that day.
    kept = (await server.ok<{ publishCheckpoint: CheckpointData }>(admin, PUBLISH)).publishCheckpoint;

    // Later: the annual evaluation, then the tacit renewal and the charter's term end, by deadlines.
    await server.advance(admin, '2011-02-10T09:00:00Z');
    const workflow = await server.ok<{ workflow: { evaluation: { criteria: { id: string }[] } } }>(
      auditor,
      '{ workflow(id: "halde-amf-2010") { evaluation { criteria { id } } } }',
    );
    const assessments = workflow.workflow.evaluation.criteria.map((c) => ({
      criterion: c.id,
      rating: 'MET',
      comment: null,
    }));
    await server.ok(amf, EVALUATE, { id: haldeAmf, a: assessments });
    await server.ok(halde, EVALUATE, { id: haldeAmf, a: assessments });
    const fired = await server.advance(admin, '2011-06-24T12:00:00Z');
    expect(fired.map((d) => d.kind)).toEqual(expect.arrayContaining(['NOTICE_DEADLINE', 'TERM_END']));
    await mark(amf, haldeAmf, 'amf-joins-halde-working-groups', 'Groupe de travail du 30 juin');
    latest = (await server.ok<{ publishCheckpoint: CheckpointData }>(admin, PUBLISH)).publishCheckpoint;

    keptFile = file('kept-checkpoint.txt');
    writeFileSync(keptFile, kept.file);
    latestFile = file('latest-checkpoint.txt');
    writeFileSync(latestFile, latest.file);
    const key = await server.ok<{ auditKey: { publicKeyPem: string } }>(
      auditor,
      '{ auditKey { publicKeyPem } }',
    );
    keyFile = file('audit-key.pub.pem');
    writeFileSync(keyFile, key.auditKey.publicKeyPem);

    for (const id of [haldeAmf, charteCnml]) {
      expect(await verifyHistory(id)).toEqual(expect.objectContaining({ valid: true }));
    }
    pristineExport = file('pristine.ndjson');
    expect((await cli('export', '--out', pristineExport)).code).toBe(0);
    conventionExport = file('pristine-halde-amf.ndjson');
    expect((await cli('export', '--convention', haldeAmf, '--out', conventionExport)).code).toBe(0);
    expect(await cli('verify', conventionExport, '--public-key', keyFile, '--checkpoint', keptFile)).toEqual(
      expect.objectContaining({ code: 0 }),
    );
    expect(
      await cli('verify', pristineExport, '--public-key', keyFile, '--checkpoint', keptFile, latestFile),
    ).toEqual(expect.objectContaining({ code: 0 }));

    await server.stop();
    store = tamperableStore(server.store, server.dir);
    pristineRows = (await store.keepPristine()) as unknown as EventTableRow[];
    await server.boot();

    expect(pristineRows).toHaveLength(latest.size);
    const marks = pristineRows.filter((r) => r.stream_id === haldeAmf && r.type === 'COMMITMENT_CONFIRMED');
    [firstMark, secondMark] = marks as [EventTableRow, EventTableRow];
    expect(secondMark.version).toBe(firstMark.version + 1);
    charteMark = pristineRows.find((r) => r.stream_id === charteCnml && r.type === 'COMMITMENT_CONFIRMED')!;
    expect(charteMark.sequence).toBe(firstMark.sequence + 1);
    charteEnd = pristineRows.filter((r) => r.stream_id === charteCnml).pop()!;
    expect(charteEnd.sequence).toBeLessThan(latest.size);
    expect(secondMark.sequence).toBeLessThanOrEqual(kept.size);
  }, 120_000);

  afterAll(async () => {
    await server?.dispose();
    await store?.dispose();
  });

  describe('one byte flipped in a stored field of an event', () => {
    const cases: {
      column: keyof EventTableRow;
      hex: boolean;
      exported: (e: ExportedEvent) => ExportedEvent;
    }[] = [
      { column: 'payload', hex: false, exported: (e) => ({ ...e, payload: flipOneByte(e.payload) }) },
      {
        column: 'actor_name',
        hex: false,
        exported: (e) => ({ ...e, actor: { ...e.actor, name: flipOneByte(e.actor.name) } }),
      },
      {
        column: 'occurred_at',
        hex: false,
        exported: (e) => ({ ...e, occurredAt: flipOneByte(e.occurredAt) }),
      },
      { column: 'hash', hex: true, exported: (e) => ({ ...e, hash: flipOneByte(e.hash, true) }) },
      {
        column: 'prev_hash',
        hex: true,
        exported: (e) => ({ ...e, prevHash: flipOneByte(e.prevHash, true) }),
      },
      {
        column: 'definition_ref',
        hex: false,
        exported: (e) => ({ ...e, definitionRef: flipOneByte(e.definitionRef) }),
      },
    ];

    it.each(cases)(
      '$column: in the database',
      async ({ column, hex }) => {
        const target = secondMark;
        const flipped = flipOneByte(String(target[column]), hex);
        expect(flipped).not.toBe(target[column]);
        await tamperDatabase((db) => update(db, target.sequence, { [column]: flipped }));
        const verdict = await verifyHistory(haldeAmf);
        expect(verdict).toEqual(
          expect.objectContaining({
            valid: false,
            firstBadVersion: target.version,
            reason: expect.stringMatching(/hash does not match|prevHash does not match/) as unknown as string,
          }),
        );
        expectInvalid(
          await verifyServerExport(`db-flip-${column}`),
          new RegExp(
            `^INVALID: convention ${haldeAmf}, version ${secondMark.version}: (prevHash|hash) does not match`,
          ),
        );
      },
      60_000,
    );

    it.each(cases)(
      '$column: in an export',
      async ({ column, exported }) => {
        const result = await verifyEditedExport(`export-flip-${column}`, (records) =>
          records.map((r) =>
            r === exportedEvent(records, haldeAmf, secondMark.version) ? exported(r as ExportedEvent) : r,
          ),
        );
        expectInvalid(
          result,
          new RegExp(
            `^INVALID: convention ${haldeAmf}, version ${secondMark.version}: (prevHash|hash) does not match`,
          ),
        );
      },
      30_000,
    );
  });

  describe('an event deleted in the middle of a stream', () => {
    it('in the database', async () => {
      await tamperDatabase((db) => db.run('DELETE FROM events WHERE sequence = $1', [secondMark.sequence]));
      const verdict = await verifyHistory(haldeAmf);
      expect(verdict.valid).toBe(false);
      expect([secondMark.version, secondMark.version + 1]).toContain(verdict.firstBadVersion);
      expect(verdict.reason).toMatch(
        `expected version ${secondMark.version}, found ${secondMark.version + 1}`,
      );
      // Verifying another convention finds the hole in the log index.
      const other = await verifyHistory(charteCnml);
      expect(other.valid).toBe(false);
      expect(other.reason).toMatch(new RegExp(`log index ${secondMark.sequence - 1} is missing`));
      expectInvalid(
        await verifyServerExport('db-delete-middle'),
        new RegExp(
          `^INVALID: convention ${haldeAmf}, version \\d+: expected version ${secondMark.version}, found ${secondMark.version + 1}`,
        ),
      );
    }, 60_000);

    it('in an export, even with the counts made to agree', async () => {
      const result = await verifyEditedExport('export-delete-middle', (records) =>
        fixCounts(records.filter((r) => r !== exportedEvent(records, haldeAmf, secondMark.version))),
      );
      expectInvalid(
        result,
        new RegExp(
          `^INVALID: convention ${haldeAmf}, version \\d+: expected version ${secondMark.version}, found ${secondMark.version + 1}`,
        ),
      );
    });

    it('the last event of a stream, in the middle of the log: in the database', async () => {
      const target = charteEnd;
      await tamperDatabase((db) => db.run('DELETE FROM events WHERE sequence = $1', [target.sequence]));
      const verdict = await verifyHistory(charteCnml);
      expect(verdict.valid).toBe(false);
      expect(verdict.reason).toMatch(new RegExp(`log index ${target.sequence - 1} is missing`));
      // The export that server gives must name the missing log index too.
      expectInvalid(
        await verifyServerExport('db-delete-stream-end', '--checkpoint', keptFile, latestFile),
        new RegExp(`^INVALID: (.*, )?log index ${target.sequence - 1}: `),
      );
    }, 60_000);

    it('the last event of a stream, in the middle of the log: in an export', async () => {
      const target = charteEnd;
      const result = await verifyEditedExport('export-delete-stream-end', (records) =>
        fixCounts(records.filter((r) => r !== exportedEvent(records, charteCnml, charteEnd.version))),
      );
      expectInvalid(
        result,
        new RegExp(`^INVALID: log index ${target.sequence - 1}: log index ${target.sequence - 1} is missing`),
      );
    });
  });

  describe('the tail of the log removed after a checkpoint was published', () => {
    const CUT = 3;

    it('in the database', async () => {
      const size = latest.size - CUT;
      const lost = pristineRows.slice(size);
      await tamperDatabase((db) => db.run('DELETE FROM events WHERE sequence > $1', [size]));
      for (const id of new Set(lost.map((r) => r.stream_id))) {
        const verdict = await verifyHistory(id);
        expect(verdict.valid).toBe(false);
        expect(verdict.reason).toMatch(
          new RegExp(`log has ${size} events but checkpoint ${latest.size} was signed`),
        );
      }
      // The party that kept the latest checkpoint sees it in the export the server now gives.
      expectInvalid(
        await verifyServerExport('db-tail', '--checkpoint', latestFile),
        new RegExp(
          `^INVALID: log index ${size}: the log has ${size} events but kept checkpoint ${latest.size} was signed`,
        ),
      );
    }, 60_000);

    it('in the database: the server restarted on the shortened log has signed no checkpoint of it', async () => {
      // The state the previous case left: the tail cut, the server restarted on it.
      const size = latest.size - CUT;
      expect(
        (
          await server.ok<{ history: { totalCount: number } }>(
            auditor,
            'query($id: ID!) { history(conventionId: $id) { totalCount } }',
            { id: haldeAmf },
          )
        ).history.totalCount,
      ).toBeLessThan(pristineRows.filter((r) => r.stream_id === haldeAmf).length);
      const sizes = (
        await server.ok<{ checkpoints: { edges: { node: { size: number } }[] } }>(
          auditor,
          '{ checkpoints(first: 100) { edges { node { size } } } }',
        )
      ).checkpoints.edges.map((e) => e.node.size);
      // Signing it would give the attacker a valid signature on a log that does not extend
      // checkpoint `latest.size`, and the export of that log carries only that checkpoint.
      expect(sizes).not.toContain(size);
    }, 60_000);

    it('in an export, with the counts made to agree', async () => {
      const size = latest.size - CUT;
      const cut = (records: ExportRecord[]) =>
        fixCounts(records.filter((r) => r.type !== 'event' || (r as ExportedEvent).sequence <= size));
      expectInvalid(
        await verifyEditedExport('export-tail', cut),
        new RegExp(
          `^INVALID: log index ${size}: the log has ${size} events but checkpoint ${latest.size} was signed`,
        ),
      );
      // Dropping the checkpoint that gives it away too: the party's kept checkpoint does.
      const withoutLatest = (records: ExportRecord[]) =>
        cut(records).filter((r) => r.type !== 'checkpoint' || r.size !== latest.size);
      expectInvalid(
        await verifyEditedExport(
          'export-tail-no-checkpoint',
          withoutLatest,
          '--checkpoint',
          keptFile,
          latestFile,
        ),
        new RegExp(
          `^INVALID: log index ${size}: the log has ${size} events but kept checkpoint ${latest.size} was signed`,
        ),
      );
    });
  });

  describe('two events swapped', () => {
    const CONTENT: (keyof EventTableRow)[] = [
      'type',
      'payload',
      'actor_user_id',
      'actor_name',
      'actor_role',
      'actor_party_id',
      'occurred_at',
      'definition_ref',
      'machine_version',
      'idempotency_key',
      'prev_hash',
      'hash',
    ];
    const contentOf = (r: EventTableRow) =>
      Object.fromEntries(CONTENT.map((c) => [c, r[c]])) as Partial<EventTableRow>;

    it('their content, within a stream: in the database', async () => {
      const [a, b] = [firstMark, secondMark];
      await tamperDatabase(async (db) => {
        await update(db, a.sequence, contentOf(b));
        await update(db, b.sequence, contentOf(a));
      });
      const verdict = await verifyHistory(haldeAmf);
      expect(verdict).toEqual(
        expect.objectContaining({
          valid: false,
          firstBadVersion: firstMark.version,
          reason: expect.stringMatching(/prevHash does not match|hash does not match/) as unknown as string,
        }),
      );
      expectInvalid(
        await verifyServerExport('db-swap'),
        new RegExp(
          `^INVALID: convention ${haldeAmf}, version ${firstMark.version}: (prevHash|hash) does not match`,
        ),
      );
    }, 60_000);

    it('their content, within a stream: in an export', async () => {
      const result = await verifyEditedExport('export-swap', (records) => {
        const [a, b] = [
          exportedEvent(records, haldeAmf, firstMark.version),
          exportedEvent(records, haldeAmf, secondMark.version),
        ];
        const keep = (e: ExportedEvent) => ({
          sequence: e.sequence,
          streamId: e.streamId,
          version: e.version,
        });
        return records.map((r) => (r === a ? { ...b, ...keep(a) } : r === b ? { ...a, ...keep(b) } : r));
      });
      expectInvalid(
        result,
        new RegExp(
          `^INVALID: convention ${haldeAmf}, version ${firstMark.version}: (prevHash|hash) does not match`,
        ),
      );
    });

    it('their places in the log, across streams (each chain intact): in the database', async () => {
      const [a, b] = [firstMark, charteMark];
      expect(b.sequence).toBe(a.sequence + 1);
      await tamperDatabase(async (db) => {
        await db.run('DELETE FROM events WHERE sequence IN ($1, $2)', [a.sequence, b.sequence]);
        await insert(db, { ...b, sequence: a.sequence });
        await insert(db, { ...a, sequence: b.sequence });
      });
      for (const id of [haldeAmf, charteCnml]) {
        const verdict = await verifyHistory(id);
        expect(verdict.valid).toBe(false);
        expect(verdict.reason).toMatch(
          new RegExp(`no longer match signed checkpoint ${kept.size}: the log was rewritten`),
        );
      }
      expectInvalid(
        await verifyServerExport('db-reorder'),
        new RegExp(`^INVALID: the first ${kept.size} events do not match checkpoint ${kept.size}`),
      );
    }, 60_000);

    it('their places in the log, across streams (each chain intact): in an export', async () => {
      const result = await verifyEditedExport('export-reorder', (records) => {
        const [a, b] = [
          exportedEvent(records, haldeAmf, firstMark.version),
          exportedEvent(records, charteCnml, charteMark.version),
        ];
        return records.map((r) =>
          r === a ? { ...a, sequence: b.sequence } : r === b ? { ...b, sequence: a.sequence } : r,
        );
      });
      expectInvalid(
        result,
        new RegExp(`^INVALID: the first ${kept.size} events do not match checkpoint ${kept.size}`),
      );
    });
  });

  describe('a payload edited and every later hash of its stream recomputed', () => {
    const FORGED_NOTE = 'Fiches jamais transmises';

    /** The attacker's rewrite of a stream from `version` on, as table rows. */
    const rewrite = (rows: EventTableRow[]): EventTableRow[] => {
      const stream = rows.filter((r) => r.stream_id === haldeAmf).sort((a, b) => a.version - b.version);
      const from = firstMark.version;
      let prevHash = stream[from - 1]!.prev_hash;
      return stream.slice(from - 1).map((r) => {
        const payload = r.version === from ? withNote(r.payload, FORGED_NOTE) : r.payload;
        const edited = { ...r, payload, prev_hash: prevHash };
        edited.hash = storedEventHash(prevHash, storedFromRow(edited));
        prevHash = edited.hash;
        return edited;
      });
    };

    const rewriteExport = (records: ExportRecord[]): ExportRecord[] => {
      let prevHash: string | null = null;
      return records.map((r) => {
        if (r.type !== 'event' || r.streamId !== haldeAmf || (r.version as number) < firstMark.version)
          return r;
        const e = r as ExportedEvent;
        prevHash ??= e.prevHash;
        const edited: ExportedEvent = {
          ...e,
          payload: e.version === firstMark.version ? withNote(e.payload, FORGED_NOTE) : e.payload,
          prevHash,
        };
        edited.hash = storedEventHash(prevHash, fromExportedEvent(edited));
        prevHash = edited.hash;
        return edited;
      });
    };

    it('in the database: every chain holds, the signed checkpoints do not', async () => {
      await tamperDatabase(async (db) => {
        for (const edited of rewrite(pristineRows)) {
          await update(db, edited.sequence, {
            payload: edited.payload,
            prev_hash: edited.prev_hash,
            hash: edited.hash,
          });
        }
      });
      const rewritten = await server.ok<{
        history: { edges: { node: { version: number; payload: string } }[] };
      }>(
        auditor,
        'query($id: ID!) { history(conventionId: $id, first: 100) { edges { node { version payload } } } }',
        { id: haldeAmf },
      );
      const forged = rewritten.history.edges.find((e) => e.node.version === firstMark.version);
      expect(forged?.node.payload).toContain(FORGED_NOTE);
      const verdict = await verifyHistory(haldeAmf);
      expect(verdict.valid).toBe(false);
      expect(verdict.reason).toMatch(
        new RegExp(`no longer match signed checkpoint ${kept.size}: the log was rewritten`),
      );
      // The export the server now gives carries the checkpoints that catch it…
      expectInvalid(
        await verifyServerExport('db-rewrite'),
        new RegExp(
          `^INVALID: the first ${kept.size} events do not match checkpoint ${kept.size}: the log was rewritten`,
        ),
      );
    }, 60_000);

    it('in the database while the server runs, after it checked the log: caught by its convention', async () => {
      await tamperDatabase(async () => undefined);
      expect((await verifyHistory(haldeAmf)).valid).toBe(true);
      await store.tamper(
        async (db) => {
          for (const edited of rewrite(pristineRows)) {
            await update(db, edited.sequence, {
              payload: edited.payload,
              prev_hash: edited.prev_hash,
              hash: edited.hash,
            });
          }
        },
        { inPlace: true },
      );
      const verdict = await verifyHistory(haldeAmf);
      expect(verdict.valid).toBe(false);
      expect(verdict.firstBadVersion).toBe(firstMark.version);
      expect(verdict.reason).toMatch(
        /is not the one this server checked against the signed checkpoints: the log was rewritten/,
      );
    }, 60_000);

    it('in the database, the stored checkpoints deleted too: the kept checkpoint catches it', async () => {
      await tamperDatabase(async (db) => {
        for (const edited of rewrite(pristineRows)) {
          await update(db, edited.sequence, {
            payload: edited.payload,
            prev_hash: edited.prev_hash,
            hash: edited.hash,
          });
        }
        await db.run('DELETE FROM checkpoints');
      });
      expectInvalid(
        await verifyServerExport('db-rewrite-no-checkpoints', '--checkpoint', keptFile),
        new RegExp(
          `^INVALID: the first ${kept.size} events do not match kept checkpoint ${kept.size}: the log was rewritten`,
        ),
      );
    }, 60_000);

    it('in an export: caught by the export’s own checkpoints, and by the kept one when they are removed', async () => {
      expectInvalid(
        await verifyEditedExport('export-rewrite', rewriteExport),
        new RegExp(
          `^INVALID: the first ${kept.size} events do not match checkpoint ${kept.size}: the log was rewritten`,
        ),
      );
      const stripped = (records: ExportRecord[]) =>
        rewriteExport(records).filter((r) => r.type !== 'checkpoint');
      expectInvalid(
        await verifyEditedExport('export-rewrite-no-checkpoints', stripped, '--checkpoint', keptFile),
        new RegExp(
          `^INVALID: the first ${kept.size} events do not match kept checkpoint ${kept.size}: the log was rewritten`,
        ),
      );
      // Without any checkpoint the rewritten log is self-consistent: this is why parties keep them.
      const unanchored = await verifyEditedExport('export-rewrite-unanchored', stripped);
      expect(unanchored.code).toBe(0);
    });

    it('in a single-convention export: caught by the inclusion proofs, and still when they are removed', async () => {
      expectInvalid(
        await verifyEdited(conventionExport, 'convention-rewrite', rewriteExport),
        new RegExp(
          `^INVALID: log index ${firstMark.sequence - 1}: event is not included in checkpoint ${latest.size}`,
        ),
      );
      // The checkpoints are still there, and the party holds one covering these events: an
      // event the export's checkpoint covers but whose proof is missing must not pass.
      const withoutProofs = (records: ExportRecord[]) =>
        rewriteExport(records).filter((r) => r.type !== 'proof');
      expectInvalid(
        await verifyEdited(
          conventionExport,
          'convention-rewrite-no-proofs',
          withoutProofs,
          '--checkpoint',
          keptFile,
        ),
        new RegExp(`^INVALID: (convention ${haldeAmf}, version \\d+|log index \\d+)`),
      );
    });
  });

  it('the untouched database still verifies after all this', async () => {
    await tamperDatabase(async () => undefined);
    for (const id of [haldeAmf, charteCnml]) {
      expect(await verifyHistory(id)).toEqual(
        expect.objectContaining({ valid: true, firstBadVersion: null }),
      );
    }
    const result = await verifyServerExport('db-untouched', '--checkpoint', keptFile, latestFile);
    expect(result).toEqual(expect.objectContaining({ code: 0 }));
    expect(result.stdout).toMatch(/VALID\s*$/);
  }, 60_000);
});
