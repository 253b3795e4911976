import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QueryFailedError } from 'typeorm';
import { sql } from './sql';
import { SqliteDatabase } from './sqlite-database';
import { connectionOf, STATEMENTS_PER_CONNECTION } from './sqlite-statements';

const TOKEN = `INSERT INTO "tokens" ("id", "name", "role", "party_id", "secret_hash", "created_at", "revoked_at")
  VALUES (?, ?, 'auditor', NULL, ?, '2026-01-01T00:00:00.000Z', NULL)`;

/** What a statement gives, or the error it fails with, to compare both ways of running it. */
const outcome = (run: Promise<unknown>) =>
  run.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );

describe('sql on SQLite (straight on better-sqlite3)', () => {
  let dir: string;
  let db: SqliteDatabase;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'conventio-statements-'));
    db = await SqliteDatabase.open(join(dir, 'conventio.sqlite'));
  });

  afterEach(async () => {
    jest.restoreAllMocks();
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('prepares each text once per connection', async () => {
    const reader = jest.spyOn(connectionOf(db.reader), 'prepare');
    const writer = jest.spyOn(connectionOf(db.writer), 'prepare');
    const count = 'SELECT COUNT(*) AS "n" FROM "tokens" WHERE "role" = ?';
    for (let i = 0; i < 3; i++) await sql(db.read, count, ['auditor']);
    await sql(db.read, 'SELECT 1 AS "one"');
    expect(reader.mock.calls.map(([text]) => text)).toEqual([count, 'SELECT 1 AS "one"']);
    await db.write(async (manager) => {
      await sql(manager, count, ['auditor']);
      await sql(manager, count, ['admin']);
    });
    // The writer has its own connection, hence its own statement, prepared once too.
    expect(writer.mock.calls.filter(([text]) => text === count)).toHaveLength(1);
    expect(reader).toHaveBeenCalledTimes(2);
  });

  it('keeps the statements in use prepared while others come and go', async () => {
    const prepare = jest.spyOn(connectionOf(db.reader), 'prepare');
    const hot = 'SELECT COUNT(*) AS "n" FROM "tokens"';
    for (let i = 0; i < STATEMENTS_PER_CONNECTION + 50; i++) {
      await sql(db.read, hot);
      await sql(db.read, `SELECT ${i} AS "i"`);
    }
    expect(prepare.mock.calls.filter(([text]) => text === hot)).toHaveLength(1);
    // The first of the others was dropped for the newer ones: it is prepared again.
    await sql(db.read, 'SELECT 0 AS "i"');
    expect(prepare.mock.calls.filter(([text]) => text === 'SELECT 0 AS "i"')).toHaveLength(2);
  });

  it("gives what TypeORM's query gives: rows, or the last rowid of a write", async () => {
    await db.write(async (manager) => {
      // The rowid of each insert, then that of the connection's last insert for an update.
      expect([
        await sql(manager, TOKEN, ['a', 'A', 'hash-a']),
        await manager.query(TOKEN, ['b', 'B', 'hash-b']),
      ]).toEqual([1, 2]);
      const update = 'UPDATE "tokens" SET "name" = ? WHERE "id" = ?';
      expect([await sql(manager, update, ['A2', 'a']), await manager.query(update, ['B2', 'b'])]).toEqual([
        2, 2,
      ]);
    });
    const select = 'SELECT "id", "name", "party_id" AS "partyId" FROM "tokens" ORDER BY "id"';
    const rows = await sql(db.read, select);
    expect(rows).toEqual(await db.read.query(select));
    expect(rows).toEqual([
      { id: 'a', name: 'A2', partyId: null },
      { id: 'b', name: 'B2', partyId: null },
    ]);
    expect(await sql(db.read, 'SELECT ? AS "yes", ? AS "no"', [true, false])).toEqual([{ yes: 1, no: 0 }]);
  });

  it("fails as TypeORM's query does, with better-sqlite3's error as driverError", async () => {
    await db.write((manager) => sql(manager, TOKEN, ['a', 'A', 'hash-a']));
    const cases: [string, unknown[]][] = [
      [TOKEN, ['a', 'again', 'hash-other']], // the primary key refuses it
      ['SELECT * FROM "no_such_table" WHERE "id" = ?', ['a']], // prepare fails
      ['SELECT ? AS "at"', [new Date(0)]], // better-sqlite3 binds no Date
    ];
    for (const [text, params] of cases) {
      const direct = await db.write((manager) => outcome(sql(manager, text, params)));
      const typeorm = await db.write((manager) => outcome(manager.query(text, params)));
      expect(direct).toEqual({ error: expect.any(QueryFailedError) });
      const [mine, theirs] = [direct, typeorm].map((o) => (o as { error: QueryFailedError }).error);
      expect(mine!.message).toBe(theirs!.message);
      expect(mine!.query).toBe(text);
      expect(mine!.parameters).toEqual(params);
      expect(mine!.driverError).toBeInstanceOf(theirs!.driverError.constructor);
      expect((mine as unknown as { code?: string }).code).toBe((theirs as unknown as { code?: string }).code);
    }
    expect((await sql(db.read, 'SELECT "name" FROM "tokens"')).map((r) => r.name)).toEqual(['A']);
  });

  it('runs inside the write transaction on the writer; the reader sees only what is committed', async () => {
    let seenInside: unknown[] = [];
    let seenByReader: unknown[] = [];
    await db.write(async (manager) => {
      await sql(manager, TOKEN, ['a', 'A', 'hash-a']);
      seenInside = await sql(manager, 'SELECT "id" FROM "tokens"');
      seenByReader = await sql(db.read, 'SELECT "id" FROM "tokens"');
    });
    expect(seenInside).toEqual([{ id: 'a' }]);
    expect(seenByReader).toEqual([]);
    expect(await sql(db.read, 'SELECT "id" FROM "tokens"')).toEqual([{ id: 'a' }]);
  });
});

describe('sql on SQLite with SQL_STATS=1', () => {
  it("tells the data source's logger of every statement, as TypeORM's query does", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'conventio-statements-'));
    process.env.SQL_STATS = '1';
    const db = await SqliteDatabase.open(join(dir, 'conventio.sqlite')).finally(() => {
      delete process.env.SQL_STATS;
    });
    try {
      const logQuery = jest.spyOn(db.reader.logger, 'logQuery');
      await sql(db.read, 'SELECT ? AS "one"', [1]);
      await sql(db.read, 'SELECT ? AS "one"', [2]);
      await sql(db.read, 'SELECT * FROM "no_such_table"').catch(() => undefined);
      expect(logQuery.mock.calls.map(([text, params]) => [text, params])).toEqual([
        ['SELECT ? AS "one"', [1]],
        ['SELECT ? AS "one"', [2]],
        ['SELECT * FROM "no_such_table"', []],
      ]);
    } finally {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
