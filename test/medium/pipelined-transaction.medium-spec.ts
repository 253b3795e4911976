import { Client } from 'pg';
import { EntityManager, QueryFailedError } from 'typeorm';
import { sha256Hex } from '../../src/common/hash';
import { GENERIC_PLANS, postgresQueryThenCommit } from '../../src/database/postgres-statements';
import { sql } from '../../src/database/sql';
import { testDialect } from '../support/test-store';
import { MediumStore, openMediumStore } from './support/medium-store';

/**
 * On PostgreSQL a write's START TRANSACTION goes out with its first statement and, when the write
 * ends with `postgresQueryThenCommit` (a transition's append does), its COMMIT with its last: the
 * pool's connections pipeline. A transition of two statements then waits for PostgreSQL twice,
 * not four times, and the COMMIT is still answered before the write is.
 *
 * The wire is watched at the driver: every `Client#query` is recorded when it is handed to the
 * connection and when PostgreSQL's answer arrives. A round trip is a run of statements sent
 * before the next answer came back.
 */
const onPostgres = testDialect() === 'postgres' ? describe : describe.skip;

type WireEvent = { kind: 'sent' | 'answered'; text: string; client: Client };

/** The runs of statements handed to one connection before an answer came back on it. */
function roundTrips(events: WireEvent[]): string[][] {
  const trips: string[][] = [];
  let answered = true;
  for (const event of events) {
    if (event.kind === 'answered') answered = true;
    else {
      if (answered) trips.push([]);
      trips[trips.length - 1]!.push(event.text);
      answered = false;
    }
  }
  return trips;
}

const short = (text: string) =>
  /conventio_lock_and_load/.test(text)
    ? 'lock and load'
    : /SELECT "conventio_append"/.test(text)
      ? 'projection and append'
      : text;

/** A token row written with `sql()`, which refuses a statement once the COMMIT went out. */
function insertToken(manager: EntityManager, id: string): Promise<unknown> {
  return sql(
    manager,
    'INSERT INTO "tokens" ("id", "name", "role", "party_id", "secret_hash", "created_at") VALUES (?, ?, ?, ?, ?, ?)',
    [id, id, 'auditor', null, sha256Hex(id), '2026-12-06T00:00:00.000Z'],
  );
}

onPostgres('a transaction pipelined with its first and last statements (PostgreSQL)', () => {
  let store: MediumStore;
  let wire: WireEvent[] = [];

  beforeEach(async () => {
    store = await openMediumStore({ dialect: 'postgres' });
    wire = [];
    const query = Client.prototype.query;
    jest.spyOn(Client.prototype, 'query').mockImplementation(function (this: Client, ...args: unknown[]) {
      const config = args[0] as string | { text: string };
      const text = typeof config === 'string' ? config : config.text;
      wire.push({ kind: 'sent', text, client: this });
      const answer = (query as (...a: unknown[]) => unknown).apply(this, args);
      const seen = () => wire.push({ kind: 'answered', text, client: this });
      if (answer instanceof Promise) answer.then(seen, seen);
      return answer as never;
    });
  });

  afterEach(async () => {
    jest.restoreAllMocks();
    await store?.dispose();
  });

  it('sends a transition in two round trips: START with the lock and load, COMMIT with the append', async () => {
    const id = await store.signedHaldeAmf();
    wire = [];
    const done = await store.haldeSharesInformation(id);
    expect(done.commitment).toMatchObject({ status: 'FULFILLED' });
    const trips = roundTrips(wire);

    // One connection, the write's.
    expect(new Set(wire.map((event) => event.client)).size).toBe(1);
    expect(trips.map((trip) => trip.map(short))).toEqual([
      // A convention's write is by key: its plan setting rides in START's simple query.
      [`START TRANSACTION; ${GENERIC_PLANS}`, 'lock and load'],
      ['projection and append', 'COMMIT'],
    ]);
    // Acknowledged once durable: the COMMIT was answered before the write returned.
    expect(wire[wire.length - 1]).toMatchObject({ kind: 'answered', text: 'COMMIT' });
    const [row] = await sql<{ status: string }>(
      store.db.read,
      'SELECT "status" FROM "commitments" WHERE "id" = ?',
      [`${id}:halde-shares-information`],
    );
    expect(row?.status).toBe('FULFILLED');
  });

  it('writes the projection before it asks for the log-order lock, in the same statement', async () => {
    const id = await store.signedHaldeAmf();
    const url = (store.db.read.connection.options as { url: string }).url;
    const [holder, probe] = [new Client({ connectionString: url }), new Client({ connectionString: url })];
    await Promise.all([holder.connect(), probe.connect()]);
    try {
      // Another writer's commit holds the log order (advisory lock (2, 0)) for as long as we say.
      await holder.query('BEGIN');
      await holder.query('SELECT pg_advisory_xact_lock(2, 0)');
      const done = store.haldeSharesInformation(id);
      for (let waited = 0; ; waited += 10) {
        const { rows } = await probe.query(
          `SELECT 1 FROM pg_locks WHERE "locktype" = 'advisory' AND "classid" = 2 AND "objid" = 0 AND NOT "granted"`,
        );
        if (rows.length) break;
        if (waited > 5_000) throw new Error('the write never asked for the log-order lock');
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      // While the append waits for the lock, the convention's row is already written (locked by the write).
      await probe.query('BEGIN');
      const locked = await probe
        .query('SELECT 1 FROM "conventions" WHERE "id" = $1 FOR UPDATE NOWAIT', [id])
        .then(
          () => null,
          (error: { code?: string }) => error.code,
        );
      await probe.query('ROLLBACK');
      expect(locked).toBe('55P03');
      await holder.query('COMMIT');
      await expect(done).resolves.toMatchObject({ commitment: { status: 'FULFILLED' } });
    } finally {
      await holder.query('ROLLBACK').catch(() => undefined);
      await Promise.all([holder.end(), probe.end()]);
    }
  });

  it('rolls back a write whose last statement fails: the COMMIT behind it answers ROLLBACK', async () => {
    const failed = store.db.write(async (manager) => {
      await sql(manager, 'CREATE TEMP TABLE "probe" ("n" integer) ON COMMIT DROP');
      await insertToken(manager, 'probe-token');
      await postgresQueryThenCommit(
        manager,
        'SELECT 1 / ("n" - "n") FROM (VALUES (?::integer)) AS "v" ("n")',
        [1],
      );
    });
    await expect(failed).rejects.toMatchObject({ driverError: expect.objectContaining({ code: '22012' }) });
    const trips = roundTrips(wire);
    expect(trips[trips.length - 1]).toEqual([expect.stringContaining('SELECT 1 /'), 'COMMIT']);
    expect(wire[wire.length - 1]).toMatchObject({ kind: 'answered', text: 'COMMIT' });
    expect(await sql(store.db.read, 'SELECT "id" FROM "tokens" WHERE "id" = ?', ['probe-token'])).toEqual([]);
    // The connection is back in the pool in a clean state: the next write commits.
    await store.db.write((manager) => sql(manager, 'SELECT 1'));
  });

  it('throws the COMMIT’s own failure, a conflict found at commit, and keeps nothing', async () => {
    const failed = store.db.write(async (manager) => {
      await sql(
        manager,
        'CREATE TEMP TABLE "probe" ("n" integer UNIQUE DEFERRABLE INITIALLY DEFERRED) ON COMMIT DROP',
      );
      await sql(manager, 'INSERT INTO "probe" ("n") VALUES (1)');
      await insertToken(manager, 'probe-token');
      // The duplicate is seen only at COMMIT (the constraint is deferred).
      await postgresQueryThenCommit(manager, 'INSERT INTO "probe" ("n") VALUES (?)', [1]);
    });
    const error = await failed.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QueryFailedError);
    expect(error).toMatchObject({ query: 'COMMIT', driverError: expect.objectContaining({ code: '23505' }) });
    expect(store.db.isWriteConflict(error)).toBe(true);
    expect(await sql(store.db.read, 'SELECT "id" FROM "tokens" WHERE "id" = ?', ['probe-token'])).toEqual([]);
  });

  it('refuses a statement after the COMMIT went out, rather than run it outside the transaction', async () => {
    const late = store.db.write(async (manager) => {
      await postgresQueryThenCommit(manager, 'SELECT 1', []);
      await insertToken(manager, 'late-token');
    });
    await expect(late).rejects.toThrow(/this transaction has ended/);
    expect(await sql(store.db.read, 'SELECT "id" FROM "tokens" WHERE "id" = ?', ['late-token'])).toEqual([]);
  });

  it('refuses TypeORM’s own calls on the manager after the COMMIT went out too', async () => {
    const viaQuery = store.db.write(async (manager) => {
      await postgresQueryThenCommit(manager, 'SELECT 1', []);
      await manager.query(
        `INSERT INTO "tokens" ("id", "name", "role", "party_id", "secret_hash", "created_at")
         VALUES ('query-token', 'q', 'auditor', NULL, 'h1', '2026-12-06T00:00:00.000Z')`,
      );
    });
    await expect(viaQuery).rejects.toThrow(/this transaction has ended/);
    const viaBuilder = store.db.write(async (manager) => {
      await postgresQueryThenCommit(manager, 'SELECT 1', []);
      await manager
        .createQueryBuilder()
        .insert()
        .into('tokens')
        .values({
          id: 'builder-token',
          name: 'b',
          role: 'auditor',
          partyId: null,
          secretHash: 'h2',
          createdAt: '2026-12-06T00:00:00.000Z',
        })
        .execute();
    });
    await expect(viaBuilder).rejects.toThrow(/this transaction has ended/);
    const kept = await sql(store.db.read, 'SELECT "id" FROM "tokens" WHERE "id" IN (?, ?)', [
      'query-token',
      'builder-token',
    ]);
    expect(kept).toEqual([]);
    // The pool's connections are sound: the next write commits.
    await store.db.write((manager) => insertToken(manager, 'next-token'));
    expect(await sql(store.db.read, 'SELECT "id" FROM "tokens" WHERE "id" = ?', ['next-token'])).toHaveLength(
      1,
    );
  });
});
