import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EntityManager } from 'typeorm';
import { Database, openDatabase } from '../../src/database/database';
import { STATEMENT_NAME_PREFIX } from '../../src/database/postgres-statements';
import { sql } from '../../src/database/sql';
import { createTestStore, TestStore, testDialect } from '../support/test-store';
import { MediumStore, openMediumStore } from './support/medium-store';

/**
 * A write whose statements all find their rows by key (`WriteOptions.byKey`, every convention's
 * write) has PostgreSQL plan each of its statements once per connection: left to choose, it
 * planned the projection's and the append's anew at every call, a third of its CPU per transition
 * (bench/README.md, "Findings (2026-12-06, late: planned once)"). Seen on the server, in
 * `pg_prepared_statements` of the connection: how many times each named statement ran on a plan
 * made for its parameters (custom) or on the one plan kept (generic).
 *
 * A pool of 2 used one write at a time: pg-pool hands out the connection released last, so each
 * write and the read after it run on the backend the read inspects.
 */

interface Plans {
  statement: string;
  generic: number;
  custom: number;
}

async function plansOn(manager: EntityManager): Promise<Plans[]> {
  const rows = await manager.query<
    { statement: string; generic: string | number; custom: string | number }[]
  >(
    `SELECT "statement", "generic_plans" AS "generic", "custom_plans" AS "custom" FROM pg_prepared_statements
     WHERE "name" LIKE $1 ORDER BY "prepare_time"`,
    [`${STATEMENT_NAME_PREFIX}%`],
  );
  return rows.map((row) => ({
    statement: row.statement,
    generic: Number(row.generic),
    custom: Number(row.custom),
  }));
}

const planCacheMode = async (manager: EntityManager) =>
  (await manager.query<{ mode: string }[]>(`SELECT current_setting('plan_cache_mode') AS "mode"`))[0]!.mode;

const onPostgres = testDialect() === 'postgres' ? describe : describe.skip;

onPostgres('statements planned once per connection in a write by key (PostgreSQL)', () => {
  let dir: string;
  let store: TestStore;
  let db: Database;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'conventio-generic-plans-'));
    store = await createTestStore(dir);
    db = await openDatabase({ kind: 'postgres', url: store.url!, poolSize: 2 });
    await db.write(async (manager) => {
      await manager.query('CREATE TABLE "probe" ("id" integer PRIMARY KEY, "x" integer NOT NULL)');
      await manager.query('INSERT INTO "probe" SELECT i, 10 * i FROM generate_series(1, 50) AS i');
    });
  });

  afterEach(async () => {
    await db.close();
    await store.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  const text = 'SELECT "x" FROM "probe" WHERE "id" = ?';
  const probed = (manager: EntityManager) =>
    plansOn(manager).then((all) => all.filter((p) => /"probe"/.test(p.statement)));

  it('runs a write by key on the plan kept for each statement, and a write without on plans made for its values', async () => {
    // Named at its second use (`sql()`): 4 uses are 3 runs of the named statement.
    for (let id = 1; id <= 4; id++) {
      expect(await db.write((manager) => sql(manager, text, [id]), { byKey: true })).toEqual([
        { x: 10 * id },
      ]);
    }
    expect(await probed(db.read)).toEqual([
      { statement: expect.stringContaining('"probe"'), generic: 3, custom: 0 },
    ]);
    // Left to choose, PostgreSQL plans a statement for its values at its first five runs at least.
    for (let id = 5; id <= 6; id++) {
      expect(await db.write((manager) => sql(manager, text, [id]))).toEqual([{ x: 10 * id }]);
    }
    expect(await probed(db.read)).toEqual([
      { statement: expect.stringContaining('"probe"'), generic: 3, custom: 2 },
    ]);
  });

  it('sets it for the write alone: the connection is back to its setting after a commit and after a rollback', async () => {
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
});

onPostgres("a convention's writes on PostgreSQL", () => {
  let store: MediumStore;

  afterEach(async () => {
    await store?.dispose();
  });

  it('run the lock and load, and the projection with the append, on one plan per connection', async () => {
    store = await openMediumStore({ dialect: 'postgres' });
    for (let i = 0; i < 4; i++) await store.haldeSharesInformation(await store.signedHaldeAmf());
    const plans = await plansOn(store.db.read);
    const writers = plans.filter((p) => /conventio_lock_and_load|"conventio_append"/.test(p.statement));
    // The lock and load, the projection with the append (8 signatures and 4 confirmations), the
    // append alone (4 creations): each run on its one plan.
    expect(writers.map((p) => p.custom)).toEqual([0, 0, 0]);
    const projection = writers.find((p) => /^WITH "changed"/.test(p.statement));
    const lockAndLoad = writers.find((p) => /conventio_lock_and_load/.test(p.statement));
    expect(projection?.generic).toBeGreaterThan(5);
    expect(lockAndLoad?.generic).toBeGreaterThan(5);
  });
});
