import { fromExportedEvent } from '../../src/audit/export';
import { storedEventHash } from '../../src/events/event-hash';
import {
  EventTableRow,
  ExportedEvent,
  ExportRecord,
  storedFromRow,
  withNote,
  TamperingWorld,
} from '../support/tampering-world';

/**
 * An attacker with write access to the store edits the log. Each kind of tampering is done
 * twice: on the real store (the restarted server's verifyHistory must report it, and so must
 * the offline verifier on the export that server then gives), and on an export file the
 * auditor received (the offline verifier must report it). The attacker removes the
 * append-only triggers first (drops them from the SQLite file; on PostgreSQL, as the
 * database's owner, disables them) and, where it would help him, keeps counts and hashes
 * consistent. The same SQL runs on both stores (see `tamper-store.ts`).
 */
describe('Tampering with the log is detected and named, in the database and in an export: events swapped, a stream rewritten', () => {
  const world = new TamperingWorld();
  const {
    verifyHistory,
    tamperDatabase,
    update,
    insert,
    verifyServerExport,
    verifyEdited,
    verifyEditedExport,
    exportedEvent,
    expectInvalid,
  } = world;
  let server: TamperingWorld['server'];
  let auditor: TamperingWorld['auditor'];
  let haldeAmf: TamperingWorld['haldeAmf'];
  let charteCnml: TamperingWorld['charteCnml'];
  let kept: TamperingWorld['kept'];
  let latest: TamperingWorld['latest'];
  let keptFile: TamperingWorld['keptFile'];
  let latestFile: TamperingWorld['latestFile'];
  let store: TamperingWorld['store'];
  let conventionExport: TamperingWorld['conventionExport'];
  let pristineRows: TamperingWorld['pristineRows'];
  let firstMark: TamperingWorld['firstMark'];
  let secondMark: TamperingWorld['secondMark'];
  let charteMark: TamperingWorld['charteMark'];

  beforeAll(async () => {
    await world.build();
    ({
      server,
      auditor,
      haldeAmf,
      charteCnml,
      kept,
      latest,
      keptFile,
      latestFile,
      store,
      conventionExport,
      pristineRows,
      firstMark,
      secondMark,
      charteMark,
    } = world);
  }, 180_000);

  afterAll(async () => {
    await world.dispose();
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
