import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { openDatabase } from '../../src/database/database';
import { SameInstantOrder1765000000000 } from '../../src/database/migrations/1765000000000-same-instant-order';
import { SQLITE_MIGRATIONS } from '../../src/database/migrations';
import { DeadlineRepository } from '../../src/scheduler/deadline.repository';
import { deadlineRank } from '../../src/machines/deadlines';

/** Ranks as they were stored before the notice deadline moved ahead of the commitments. */
const OLD_RANK = { COMMITMENT_DUE: 2, NOTICE_DEADLINE: 7, TERM_END: 8, EVALUATION_DUE: 3 } as const;

describe('deadlines stored before the notice deadline moved ahead (SQLite migration)', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'conventio-same-instant-'));
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  /** A store at the schema before the migration, with the renewal date of a monthly convention. */
  async function storeBefore(path: string): Promise<DataSource> {
    const earlier = new DataSource({
      type: 'better-sqlite3',
      database: path,
      migrations: SQLITE_MIGRATIONS.slice(0, SQLITE_MIGRATIONS.indexOf(SameInstantOrder1765000000000)),
    });
    await earlier.initialize();
    await earlier.runMigrations();
    const insert = (key: string, kind: keyof typeof OLD_RANK, status: string, dueAt: string) =>
      earlier.query(
        `INSERT INTO "deadlines" ("key", "convention_id", "kind", "subject", "due_on", "due_at", "rank",
           "event_type", "payload", "status", "created_at", "settled_at")
         VALUES (?, 'c1', ?, NULL, ?, ?, ?, 'X', '{}', ?, '2020-01-15T09:00:00.000Z', NULL)`,
        [key, kind, dueAt.slice(0, 10), dueAt, OLD_RANK[kind], status],
      );
    const renewal = '2021-01-14T23:00:00.000Z';
    await insert('c1:COMMITMENT_DUE:monthly-report:2021-01-15', 'COMMITMENT_DUE', 'PENDING', renewal);
    await insert('c1:NOTICE_DEADLINE:-:2021-01-15', 'NOTICE_DEADLINE', 'PENDING', renewal);
    await insert('c1:TERM_END:-:2021-01-15', 'TERM_END', 'PENDING', renewal);
    await insert('c1:NOTICE_DEADLINE:-:2020-01-15', 'NOTICE_DEADLINE', 'FIRED', '2020-01-14T23:00:00.000Z');
    await insert(
      'c1:NOTICE_DEADLINE:-:2019-01-15',
      'NOTICE_DEADLINE',
      'CANCELLED',
      '2019-01-14T23:00:00.000Z',
    );
    await insert('c1:EVALUATION_DUE:-:2019-06-01', 'EVALUATION_DUE', 'REFUSED', '2019-05-31T22:00:00.000Z');
    return earlier;
  }

  it('gives pending rows the rank of their kind today, and leaves settled rows as they were', async () => {
    const path = join(dir, 'conventio.sqlite');
    await (await storeBefore(path)).destroy();

    const db = await openDatabase({ kind: 'sqlite', path });
    const ranks = Object.fromEntries(
      (
        (await db.read.query(`SELECT "key", "rank" FROM "deadlines" ORDER BY "id"`)) as {
          key: string;
          rank: number;
        }[]
      ).map((row) => [row.key, row.rank]),
    );

    expect(ranks).toEqual({
      'c1:COMMITMENT_DUE:monthly-report:2021-01-15': deadlineRank('COMMITMENT_DUE'),
      'c1:NOTICE_DEADLINE:-:2021-01-15': deadlineRank('NOTICE_DEADLINE'),
      'c1:TERM_END:-:2021-01-15': deadlineRank('TERM_END'),
      'c1:NOTICE_DEADLINE:-:2020-01-15': OLD_RANK.NOTICE_DEADLINE,
      'c1:NOTICE_DEADLINE:-:2019-01-15': OLD_RANK.NOTICE_DEADLINE,
      'c1:EVALUATION_DUE:-:2019-06-01': OLD_RANK.EVALUATION_DUE,
    });
    expect(ranks['c1:NOTICE_DEADLINE:-:2021-01-15']).toBe(2);
    expect(ranks['c1:COMMITMENT_DUE:monthly-report:2021-01-15']).toBe(3);
    // The scheduler now sends the renewal decision first.
    const due = await new DeadlineRepository().due(db.read, '2021-01-15T00:00:00.000Z', 10);
    expect(due.map((d) => d.kind)).toEqual(['NOTICE_DEADLINE', 'COMMITMENT_DUE', 'TERM_END']);
    await db.close();
  });

  it('gives the old ranks back when undone', async () => {
    const path = join(dir, 'conventio.sqlite');
    const earlier = await storeBefore(path);
    const runner = earlier.createQueryRunner();
    const migration = new SameInstantOrder1765000000000();
    await migration.up(runner);
    await migration.down(runner);

    const rows = (await runner.query(`SELECT "kind", "status", "rank" FROM "deadlines" ORDER BY "id"`)) as {
      kind: keyof typeof OLD_RANK;
      rank: number;
    }[];

    expect(rows.map((row) => row.rank)).toEqual(rows.map((row) => OLD_RANK[row.kind]));
    await runner.release();
    await earlier.destroy();
  });
});
