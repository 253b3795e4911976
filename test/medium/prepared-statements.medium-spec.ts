import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QueryFailedError, EntityManager } from 'typeorm';
import { Database, openDatabase } from '../../src/database/database';
import { MAX_NAMED_STATEMENTS } from '../../src/database/postgres-statements';
import { sql } from '../../src/database/sql';
import { EventBatch, EventLogRepository } from '../../src/events/event-log.repository';
import { withDatabase } from '../support/postgres';
import { createTestStore, TestStore, testDialect } from '../support/test-store';
import { plansOn } from './support/prepared-plans';

/**
 * `sql()` on PostgreSQL sends each text seen twice as a named prepared statement: parsed once per
 * connection, then only bound and executed. Checked on the server (`pg_prepared_statements` of the
 * connection, with how many times each ran), with what callers get unchanged: rows, UPDATE and
 * DELETE counts, TypeORM's errors (conflicts still conflicts). The names are bounded, and a
 * statement whose result a migration changed under it is parsed again. In a write by key
 * (`WriteOptions.byKey`), each statement also runs on the one plan kept for it (generic), where
 * PostgreSQL otherwise plans it for its values at its first runs at least (custom).
 *
 * A pool of 2 (start-up holds one connection for its lock while it migrates on the other), used
 * one statement at a time: pg-pool hands out the connection released last, so every statement
 * of a test runs on the backend it inspects. The names are process-wide: the test of the cap
 * comes last.
 */

interface Prepared {
  name: string;
  statement: string;
  runs: number;
}

/** Our prepared statements on the manager's connection, with how many times each ran. */
async function preparedOn(manager: EntityManager): Promise<Prepared[]> {
  return (await plansOn(manager)).map(({ name, statement, generic, custom }) => ({
    name,
    statement,
    runs: generic + custom,
  }));
}

const planCacheMode = async (manager: EntityManager) =>
  (await manager.query<{ mode: string }[]>(`SELECT current_setting('plan_cache_mode') AS "mode"`))[0]!.mode;

const onPostgres = testDialect() === 'postgres' ? describe : describe.skip;

onPostgres('named prepared statements on PostgreSQL', () => {
  let dir: string;
  let store: TestStore;
  let db: Database;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'conventio-prepared-'));
    store = await createTestStore(dir);
    db = await openDatabase({ kind: 'postgres', url: store.url!, poolSize: 2 });
    await db.write((manager) =>
      manager.query('CREATE TABLE "probe" ("id" integer PRIMARY KEY, "x" integer NOT NULL)'),
    );
  });

  afterEach(async () => {
    await db.close();
    await store.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('names a text at its second use and parses it once per connection', async () => {
    const text = 'SELECT "id", "x" FROM "probe" WHERE "id" > ? ORDER BY "id"';
    await db.write(async (manager) => {
      await manager.query('INSERT INTO "probe" VALUES (1, 10), (2, 20)');
      expect(await sql(manager, text, [0])).toEqual([
        { id: 1, x: 10 },
        { id: 2, x: 20 },
      ]);
      expect((await preparedOn(manager)).filter((p) => p.statement.includes('"probe"'))).toEqual([]);
      for (let i = 0; i < 3; i++) expect(await sql(manager, text, [1])).toEqual([{ id: 2, x: 20 }]);
      const mine = (await preparedOn(manager)).filter((p) => p.statement.includes('"probe"'));
      expect(mine).toEqual([
        {
          name: expect.stringMatching(/^conventio_\d+$/),
          statement: 'SELECT "id", "x" FROM "probe" WHERE "id" > $1 ORDER BY "id"',
          runs: 3,
        },
      ]);
    });
    // Outside a transaction (`db.read` takes a connection of the pool for the statement): the same one.
    expect(await sql(db.read, text, [1])).toEqual([{ id: 2, x: 20 }]);
    await db.write(async (manager) => {
      expect((await preparedOn(manager)).find((p) => p.statement.includes('"probe"'))?.runs).toBe(4);
    });
  });

  it("prepares the write path's statements, the stream lock among them", async () => {
    const log = new EventLogRepository();
    for (let version = 1; version <= 2; version++) {
      await db.write(async (manager) => {
        await log.lockStream(manager, 'convention-a');
        const batch = new EventBatch();
        await log.stage(manager, batch, {
          streamId: 'convention-a',
          version,
          type: 'COMMITMENT_CONFIRMED',
          payload: '{}',
          actorUserId: 'user-amf',
          actorName: 'AMF',
          actorRole: 'representative',
          actorPartyId: 'amf',
          occurredAt: `2011-01-0${version}T10:00:00.000Z`,
          definitionRef: 'halde-amf-2010@1',
          machineVersion: 2,
          idempotencyKey: null,
        });
        await log.appendStaged(manager, batch);
      });
    }
    await db.write(async (manager) => {
      const statements = (await preparedOn(manager)).map((p) => p.statement);
      expect(statements).toEqual(
        expect.arrayContaining([
          'SELECT pg_advisory_xact_lock($1, hashtext($2))',
          'SELECT "hash", "version" FROM "events" WHERE "stream_id" = $1 ORDER BY "version" DESC LIMIT 1',
          expect.stringMatching(/^SELECT "conventio_append"/),
        ]),
      );
    });
  });

  it('answers what manager.query answers: rows, and [rows, affected] for UPDATE and DELETE', async () => {
    await db.write(async (manager) => {
      await manager.query('INSERT INTO "probe" VALUES (1, 10), (2, 20), (3, 30)');
      for (let i = 0; i < 3; i++) {
        // Third time named: what TypeORM's unnamed statement gives for the same text.
        const update = await sql(manager, 'UPDATE "probe" SET "x" = "x" + ? WHERE "id" < ?', [1, 3]);
        const typeorm = await manager.query('UPDATE "probe" SET "x" = "x" + $1 WHERE "id" < $2', [1, 3]);
        expect(update).toEqual([[], 2]);
        expect(update).toEqual(typeorm);
        const returning = await sql(
          manager,
          'UPDATE "probe" SET "x" = "x" WHERE "id" = ? RETURNING "id"',
          [3],
        );
        expect(returning).toEqual([[{ id: 3 }], 1]);
        expect(await sql(manager, 'DELETE FROM "probe" WHERE "id" > ?', [99])).toEqual([[], 0]);
        expect(
          await sql(manager, 'INSERT INTO "probe" VALUES (?, ?) ON CONFLICT DO NOTHING', [9, 90]),
        ).toEqual([]);
      }
      expect(await sql(manager, 'SELECT COUNT(*) AS "n" FROM "probe"')).toEqual([{ n: 4 }]);
    });
  });

  it('fails as TypeORM fails: a unique violation is a conflict, and the statement outlives the rolled-back transaction', async () => {
    const insert = 'INSERT INTO "probe" ("id", "x") VALUES (?, ?)';
    await db.write(async (manager) => {
      await sql(manager, insert, [1, 10]);
      await sql(manager, insert, [2, 20]);
    });
    const error = await db
      .write(async (manager) => {
        await sql(manager, insert, [3, 30]);
        await sql(manager, insert, [1, 11]);
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QueryFailedError);
    expect((error as QueryFailedError).driverError).toMatchObject({ code: '23505' });
    expect(error).toMatchObject({ code: '23505', query: 'INSERT INTO "probe" ("id", "x") VALUES ($1, $2)' });
    expect(db.isWriteConflict(error)).toBe(true);
    await db.write(async (manager) => {
      await sql(manager, insert, [3, 30]);
      expect(
        (await preparedOn(manager)).find((p) => p.statement.startsWith('INSERT INTO "probe"'))?.runs,
      ).toBe(4);
    });
    expect(await sql(db.read, 'SELECT "id" FROM "probe" ORDER BY "id"')).toEqual([
      { id: 1 },
      { id: 2 },
      { id: 3 },
    ]);
  });

  it('parses again a statement whose result a migration changed under it', async () => {
    const read = 'SELECT "x" FROM "probe" WHERE "id" = ?';
    const alter = (type: string) =>
      withDatabase(store.url!, (client) => client.query(`ALTER TABLE "probe" ALTER COLUMN "x" TYPE ${type}`));
    await sql(db.read, 'INSERT INTO "probe" VALUES (?, ?)', [1, 10]);
    expect(await sql(db.read, read, [1])).toEqual([{ x: 10 }]);
    expect(await sql(db.read, read, [1])).toEqual([{ x: 10 }]);
    await alter('text');
    // Outside a transaction: renamed and run again at once.
    expect(await sql(db.read, read, [1])).toEqual([{ x: '10' }]);
    expect(await sql(db.read, read, [1])).toEqual([{ x: '10' }]);
    await alter('integer USING "x"::integer');
    // Inside one: the transaction is lost, the failure is a write conflict, and the retry succeeds.
    const work = (manager: EntityManager) => sql(manager, read, [1]);
    const error = await db.write(work).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QueryFailedError);
    expect(db.isWriteConflict(error)).toBe(true);
    expect(await db.write(work)).toEqual([{ x: 10 }]);
  });

  it('runs a write by key on the plan kept for each statement, and a write without on plans made for its values', async () => {
    const text = 'SELECT "x" FROM "probe" WHERE "id" = ? AND "x" > 0';
    const probed = async (manager: EntityManager) =>
      (await plansOn(manager)).filter(
        (p) => p.statement === 'SELECT "x" FROM "probe" WHERE "id" = $1 AND "x" > 0',
      );
    await db.write((manager) =>
      manager.query('INSERT INTO "probe" SELECT i, 10 * i FROM generate_series(1, 50) AS i'),
    );
    // Named at its second use: 4 uses are 3 runs of the named statement.
    for (let id = 1; id <= 4; id++) {
      expect(await db.write((manager) => sql(manager, text, [id]), { byKey: true })).toEqual([
        { x: 10 * id },
      ]);
    }
    expect(await probed(db.read)).toEqual([expect.objectContaining({ generic: 3, custom: 0 })]);
    // Left to choose, PostgreSQL plans a statement for its values at its first five runs at least.
    for (let id = 5; id <= 6; id++) {
      expect(await db.write((manager) => sql(manager, text, [id]))).toEqual([{ x: 10 * id }]);
    }
    expect(await probed(db.read)).toEqual([expect.objectContaining({ generic: 3, custom: 2 })]);
  });

  it('sets that for the write by key alone: the connection is back to its setting after a commit and after a rollback', async () => {
    expect(await db.write((manager) => planCacheMode(manager), { byKey: true })).toBe('force_generic_plan');
    expect(await planCacheMode(db.read)).toBe('auto');
    expect(await db.write((manager) => planCacheMode(manager))).toBe('auto');
    await expect(
      db.write(
        async (manager) => {
          expect(await planCacheMode(manager)).toBe('force_generic_plan');
          throw new Error('refused');
        },
        { byKey: true },
      ),
    ).rejects.toThrow('refused');
    expect(await planCacheMode(db.read)).toBe('auto');
    expect(await db.write((manager) => planCacheMode(manager))).toBe('auto');
  });

  // Last: it takes every name left in this process.
  it(`holds at most ${MAX_NAMED_STATEMENTS} names; texts beyond run unnamed`, async () => {
    const texts = Array.from(
      { length: MAX_NAMED_STATEMENTS + 40 },
      (_, i) => `SELECT ?::integer + ${i} AS "v"`,
    );
    await db.write(async (manager) => {
      for (const [i, text] of texts.entries()) {
        for (let run = 0; run < 3; run++) expect(await sql(manager, text, [1000])).toEqual([{ v: 1000 + i }]);
      }
      const prepared = await preparedOn(manager);
      expect(prepared.length).toBeLessThanOrEqual(MAX_NAMED_STATEMENTS);
      // The earlier tests of this file took a few names; this one takes the rest.
      expect(prepared.length).toBeGreaterThan(MAX_NAMED_STATEMENTS - 20);
      expect(prepared.map((p) => p.statement)).not.toContain(
        `SELECT $1::integer + ${texts.length - 1} AS "v"`,
      );
    });
  });
});
