/**
 * What one SQLite statement costs the main thread through TypeORM's query runner (`manager.query`)
 * against `sql` (straight on better-sqlite3 with a cached prepared statement, sqlite-statements.ts),
 * and against better-sqlite3 alone: `npm run bench:sqlite-statements` (in-process, no HTTP; about
 * half a minute). On the server's own store (`SqliteDatabase`, its migrations, WAL, two connections):
 *
 * 1. the token lookup every request makes, on the reader;
 * 2. the event-stream head a transition reads, on the writer inside a write transaction;
 * 3. an UPDATE of a row, on the writer inside a write transaction (no fsync: the server flushes
 *    the log off the main thread, after COMMIT).
 *
 * The ways alternate in blocks of 2,000 statements, 9 rounds; each prints the median CPU time
 * (process.cpuUsage: user + system, which a shared machine inflates less than wall time) per
 * statement, and the ratio of the medians.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EntityManager } from 'typeorm';
import { SqliteDatabase } from '../src/database/sqlite-database';
import { insertRows, selectColumns, sql } from '../src/database/sql';
import { connectionOf } from '../src/database/sqlite-statements';
import { median } from './lib/client';
import { cpuMicros } from './lib/micro';
import { EventRow, TokenRow } from '../src/database/entities';

const BLOCK = 2_000;
const ROUNDS = 9;
const TOKENS = 1_000;
const EVENTS = 5_000;

type Way = 'TypeORM query' | 'sql()' | 'better-sqlite3 alone';
type Statement = { text: string; params: (i: number) => unknown[] };

/** CPU µs per statement of one block of `BLOCK` statements run one after the other, awaited. */
async function block(way: Way, manager: EntityManager, statement: Statement): Promise<number> {
  const prepared = connectionOf(manager.connection).prepare(statement.text);
  const start = cpuMicros();
  for (let i = 0; i < BLOCK; i++) {
    const params = statement.params(i);
    if (way === 'TypeORM query') await manager.query(statement.text, params);
    else if (way === 'sql()') await sql(manager, statement.text, params);
    // Awaited too, so that only the statement's path differs, not the turns of the event loop.
    else await (prepared.reader ? prepared.all(params) : prepared.run(params));
  }
  return (cpuMicros() - start) / BLOCK;
}

async function compare(
  label: string,
  statement: Statement,
  run: (work: (manager: EntityManager) => Promise<void>) => Promise<void>,
): Promise<void> {
  const ways: Way[] = ['TypeORM query', 'sql()', 'better-sqlite3 alone'];
  const figures = new Map<Way, number[]>(ways.map((w) => [w, []]));
  for (let round = 0; round < ROUNDS + 1; round++) {
    // Alternated, the order turning each round; round 0 warms up and is not counted.
    for (const way of ways.map((_, k) => ways[(k + round) % ways.length]!)) {
      await run(async (manager) => {
        const micros = await block(way, manager, statement);
        if (round > 0) figures.get(way)!.push(micros);
      });
    }
  }
  const [typeorm, direct, alone] = ways.map((w) => median(figures.get(w)!));
  console.log(
    `${label.padEnd(48)} ${typeorm!.toFixed(1).padStart(6)} µs ${direct!.toFixed(1).padStart(6)} µs` +
      ` ${alone!.toFixed(1).padStart(6)} µs   ${(direct! / typeorm!).toFixed(2)} ×`,
  );
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'conventio-statements-'));
  const db = await SqliteDatabase.open(join(dir, 'conventio.sqlite'));
  try {
    await db.write(async (m) => {
      for (let i = 0; i < TOKENS; i++) {
        await sql(
          m,
          `INSERT INTO "tokens" ("id", "name", "role", "party_id", "secret_hash", "created_at", "revoked_at")
           VALUES (?, ?, 'auditor', NULL, ?, '2026-01-01T00:00:00.000Z', NULL)`,
          [`t${i}`, `Token ${i}`, `hash-${i}`],
        );
      }
      // A log of 100 streams of 50 events, as the head read of a transition finds it.
      const columns = db.writer.getMetadata(EventRow).columns;
      const events = Array.from({ length: EVENTS }, (_, i) => {
        const known: Record<string, unknown> = {
          sequence: i + 1,
          streamId: `convention-${i % 100}`,
          version: Math.floor(i / 100) + 1,
        };
        return Object.fromEntries(
          columns.map((c) => [
            c.propertyName,
            known[c.propertyName] ?? (c.isNullable ? null : c.type === 'integer' ? 1 : 'x'),
          ]),
        ) as unknown as EventRow;
      });
      await insertRows(m, EventRow, events);
    });
    const read = (work: (manager: EntityManager) => Promise<void>) => work(db.read);
    const write = (work: (manager: EntityManager) => Promise<void>) => db.write(work);
    console.log(
      `CPU per statement (median of ${ROUNDS} blocks of ${BLOCK})`.padEnd(48) +
        ['TypeORM', 'sql()', 'alone'].map((h) => h.padStart(10)).join('') +
        '   sql() / TypeORM',
    );
    await compare(
      'token lookup (reader)',
      {
        text: `SELECT ${selectColumns(db.read, TokenRow)} FROM "tokens" WHERE "secret_hash" = ? AND "revoked_at" IS NULL`,
        params: (i) => [`hash-${i % TOKENS}`],
      },
      read,
    );
    await compare(
      'stream head (writer, in a write transaction)',
      {
        text: 'SELECT "hash", "version" FROM "events" WHERE "stream_id" = ? ORDER BY "version" DESC LIMIT 1',
        params: (i) => [`convention-${i % 100}`],
      },
      write,
    );
    await compare(
      'UPDATE one row (writer, in a write transaction)',
      {
        text: 'UPDATE "tokens" SET "name" = ? WHERE "id" = ?',
        params: (i) => [`Renamed ${i}`, `t${i % TOKENS}`],
      },
      write,
    );
  } finally {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
