import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EntityManager } from 'typeorm';
import { UPDATE_PROJECTION_POSTGRES } from '../../src/conventions/convention-projection';
import { Database, openDatabase } from '../../src/database/database';
import { numbered } from '../../src/database/postgres-statements';
import { sql } from '../../src/database/sql';
import { createTestStore, TestStore, testDialect } from '../support/test-store';

/**
 * The projection's one statement on PostgreSQL (convention-projection.ts) reaches the rows of the
 * changed commitments and of their owners through the tables' keys, whatever the size of the
 * tables: joined only to unnested arrays, whose length the planner does not see, it read both
 * tables whole (a hash join over sequential scans) on stores of a few thousand commitments, the
 * bench's, where updates leave many dead rows to read through.
 */

const onPostgres = testDialect() === 'postgres' ? describe : describe.skip;

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  Plans?: PlanNode[];
}

/** Every (node type, table) of a plan. */
function scans(node: PlanNode): string[] {
  const own = node['Relation Name'] ? [`${node['Node Type']} ${node['Relation Name']}`] : [];
  return [...own, ...(node.Plans ?? []).flatMap(scans)];
}

function paramsOf(ids: string[]): unknown[] {
  const views = ids.map(() => '{}');
  const statuses = ids.map(() => 'FULFILLED');
  const dues = ids.map(() => '2011-01-01');
  return [ids, views, statuses, dues, ids, ids, 't', 'ACTIVE', 2, 'now', null, null, null, '{}', '{}', 'c7'];
}

/** The plan made for these values. */
async function planOf(manager: EntityManager, ids: string[]): Promise<string[]> {
  const [row] = await sql<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(
    manager,
    `EXPLAIN (FORMAT JSON) ${UPDATE_PROJECTION_POSTGRES}`,
    paramsOf(ids),
  );
  return scans(row!['QUERY PLAN'][0].Plan);
}

const literal = (value: unknown): string =>
  value === null
    ? 'NULL'
    : Array.isArray(value)
      ? `ARRAY[${value.map(literal).join(', ')}]::text[]`
      : typeof value === 'number'
        ? String(value)
        : `'${String(value).replace(/'/g, "''")}'`;

/**
 * The one plan a convention's write keeps for the statement on its connection, whatever the
 * values (`WriteOptions.byKey`): prepared, then explained as the write's setting runs it.
 */
async function genericPlanOf(manager: EntityManager, ids: string[]): Promise<string[]> {
  await manager.query(`PREPARE "projection" AS ${numbered(UPDATE_PROJECTION_POSTGRES)}`);
  try {
    const [row] = await manager.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }[]>(
      `EXPLAIN (FORMAT JSON) EXECUTE "projection"(${paramsOf(ids).map(literal).join(', ')})`,
    );
    return scans(row!['QUERY PLAN'][0].Plan);
  } finally {
    await manager.query('DEALLOCATE "projection"');
  }
}

onPostgres('the projection statement on PostgreSQL', () => {
  let dir: string;
  let store: TestStore;
  let db: Database;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'conventio-projection-plan-'));
    store = await createTestStore(dir);
    db = await openDatabase({ kind: 'postgres', url: store.url!, poolSize: 2 });
    // 400 conventions of 5 commitments, each with two owners: the size of the bench's store, not
    // yet analysed (a store filled faster than autovacuum runs, as the bench's is). With the ids
    // joined only to the unnested arrays, the activation's plan read commitment_owners whole.
    await db.write(async (manager) => {
      await manager.query(
        `INSERT INTO "conventions" ("id", "definition_id", "definition_version", "title", "status", "version",
           "created_at", "updated_at", "view", "snapshot")
         SELECT 'c' || i, 'd', 1, 't', 'ACTIVE', 1, 'now', 'now', '{}', '{}' FROM generate_series(1, 400) AS i`,
      );
      await manager.query(
        `INSERT INTO "commitments" ("id", "convention_id", "key", "position", "status", "due_on", "view")
         SELECT 'c' || (i / 5 + 1) || ':k' || (i % 5), 'c' || (i / 5 + 1), 'k' || (i % 5), i % 5, 'IN_EFFECT',
           '2011-01-01', repeat('x', 900)
         FROM generate_series(0, 1999) AS i`,
      );
      await manager.query(
        `INSERT INTO "commitment_owners" ("commitment_id", "party_id", "status", "due_on")
         SELECT "id", p, 'IN_EFFECT', '2011-01-01' FROM "commitments", (VALUES ('halde'), ('amf')) AS "p" (p)`,
      );
    });
  });

  afterAll(async () => {
    await db.close();
    await store.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    ['one commitment (a transition)', ['c7:k1'], false],
    ['five (an activation)', ['c7:k0', 'c7:k1', 'c7:k2', 'c7:k3', 'c7:k4'], false],
    ['one commitment, on the plan kept for any values', ['c7:k1'], true],
    ['five, on the plan kept for any values', ['c7:k0', 'c7:k1', 'c7:k2', 'c7:k3', 'c7:k4'], true],
  ])('reaches %s by the keys, never by reading a table whole', async (_, ids, generic) => {
    const plan = generic
      ? await db.write((manager) => genericPlanOf(manager, ids), { byKey: true })
      : await db.write((manager) => planOf(manager, ids));
    expect(plan.filter((scan) => scan.startsWith('Seq Scan'))).toEqual([]);
    expect(plan).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^(Bitmap Heap Scan|Index Scan) commitments$/),
        expect.stringMatching(/^(Bitmap Heap Scan|Index Scan) commitment_owners$/),
        'Index Scan conventions',
      ]),
    );
  });
});
