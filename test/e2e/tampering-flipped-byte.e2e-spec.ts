import { EventTableRow, ExportedEvent, flipOneByte, TamperingWorld } from '../support/tampering-world';

/**
 * An attacker with write access to the store edits the log. Each kind of tampering is done
 * twice: on the real store (the restarted server's verifyHistory must report it, and so must
 * the offline verifier on the export that server then gives), and on an export file the
 * auditor received (the offline verifier must report it). The attacker removes the
 * append-only triggers first (drops them from the SQLite file; on PostgreSQL, as the
 * database's owner, disables them) and, where it would help him, keeps counts and hashes
 * consistent. The same SQL runs on both stores (see `tamper-store.ts`).
 */
describe('Tampering with the log is detected and named, in the database and in an export: one byte flipped in a stored field', () => {
  const world = new TamperingWorld();
  const {
    verifyHistory,
    tamperDatabase,
    update,
    verifyServerExport,
    verifyEditedExport,
    exportedEvent,
    expectInvalid,
  } = world;
  let haldeAmf: TamperingWorld['haldeAmf'];
  let secondMark: TamperingWorld['secondMark'];

  beforeAll(async () => {
    await world.build();
    ({ haldeAmf, secondMark } = world);
  }, 180_000);

  afterAll(async () => {
    await world.dispose();
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
});
