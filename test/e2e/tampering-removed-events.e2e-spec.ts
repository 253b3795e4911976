import { ExportedEvent, ExportRecord, TamperingWorld } from '../support/tampering-world';

/**
 * An attacker with write access to the store edits the log. Each kind of tampering is done
 * twice: on the real store (the restarted server's verifyHistory must report it, and so must
 * the offline verifier on the export that server then gives), and on an export file the
 * auditor received (the offline verifier must report it). The attacker removes the
 * append-only triggers first (drops them from the SQLite file; on PostgreSQL, as the
 * database's owner, disables them) and, where it would help him, keeps counts and hashes
 * consistent. The same SQL runs on both stores (see `tamper-store.ts`).
 */
describe('Tampering with the log is detected and named, in the database and in an export: events removed', () => {
  const world = new TamperingWorld();
  const {
    verifyHistory,
    tamperDatabase,
    verifyServerExport,
    verifyEditedExport,
    exportedEvent,
    fixCounts,
    expectInvalid,
  } = world;
  let server: TamperingWorld['server'];
  let auditor: TamperingWorld['auditor'];
  let haldeAmf: TamperingWorld['haldeAmf'];
  let charteCnml: TamperingWorld['charteCnml'];
  let latest: TamperingWorld['latest'];
  let keptFile: TamperingWorld['keptFile'];
  let latestFile: TamperingWorld['latestFile'];
  let pristineRows: TamperingWorld['pristineRows'];
  let secondMark: TamperingWorld['secondMark'];
  let charteEnd: TamperingWorld['charteEnd'];

  beforeAll(async () => {
    await world.build();
    ({
      server,
      auditor,
      haldeAmf,
      charteCnml,
      latest,
      keptFile,
      latestFile,
      pristineRows,
      secondMark,
      charteEnd,
    } = world);
  }, 180_000);

  afterAll(async () => {
    await world.dispose();
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
      // The tail cut, the server restarted on it (as in the previous case, which this one does not rely on).
      const size = latest.size - CUT;
      await tamperDatabase((db) => db.run('DELETE FROM events WHERE sequence > $1', [size]));
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
});
