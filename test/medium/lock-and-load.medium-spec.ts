import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EntityManager } from 'typeorm';
import { ConventionRepository } from '../../src/conventions/convention.repository';
import { Database, openDatabase } from '../../src/database/database';
import { EventLogRepository } from '../../src/events/event-log.repository';
import { ContactRow, ReminderRow, WebhookEndpointRow } from '../../src/database/notification.entities';
import { recipientsOf } from '../../src/notifications/recipients';
import { DeadlineRepository } from '../../src/scheduler/deadline.repository';
import { withDatabase } from '../support/postgres';
import { createTestStore, TestStore, testDialect } from '../support/test-store';

/**
 * On PostgreSQL a transition takes its convention's stream lock and reads the row in one round
 * trip (`conventio_lock_and_load`, migration 1765200000000-lock-and-load). One plain statement
 * could not: it would read the snapshot taken when it started, before the lock it waited for.
 * The function's read runs after its lock, on a fresh snapshot, so it sees what the writer it
 * waited for committed. Its columns are the ones the two-statement form reads, and since
 * migration 1765300000000-lock-and-load-pending the pending deadlines and reminders the write
 * re-plans after its event, which it would otherwise read apart.
 */
const onPostgres = testDialect() === 'postgres' ? describe : describe.skip;

onPostgres('the stream lock and the first read in one round trip (PostgreSQL)', () => {
  let dir: string;
  let store: TestStore;
  let db: Database;
  const conventions = new ConventionRepository();
  const eventLog = new EventLogRepository();
  const deadlines = new DeadlineRepository();

  /** A deadline of `conventionId` with this key and status. */
  const deadline = (conventionId: string, key: string, status: string) => ({
    key,
    conventionId,
    kind: 'TERM_END',
    subject: null,
    dueOn: '2013-06-24',
    dueAt: '2013-06-23T22:00:00.000Z',
    rank: 0,
    eventType: 'TERM_ENDED',
    payload: '{}',
    status,
    createdAt: '2010-06-24',
    settledAt: null,
  });
  /** A reminder of `conventionId` with this key and status. */
  const reminder = (conventionId: string, key: string, status: string) => ({
    key,
    conventionId,
    kind: 'TERM_END',
    subject: null,
    targetOn: '2013-06-24',
    daysBefore: 30,
    dueAt: '2013-05-25T08:00:00.000Z',
    parties: '[]',
    facts: '{}',
    status,
    createdAt: '2010-06-24',
  });

  /** An active HALDE–AMF convention's row, of version 1. */
  const insertConvention = (manager: EntityManager, id: string, title: string, snapshot: string) =>
    manager.query(
      `INSERT INTO "conventions" ("id", "definition_id", "definition_version", "title", "status", "version",
         "created_at", "updated_at", "effective_on", "view", "snapshot")
       VALUES ($1, 'halde-amf-2010', 1, $2, 'ACTIVE', 1, '2010-06-24', '2010-06-24', '2010-07-01', '{}', $3)`,
      [id, title, snapshot],
    );

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'conventio-lock-and-load-'));
    store = await createTestStore(dir);
    db = await openDatabase({ kind: 'postgres', url: store.url!, poolSize: 4 });
    await db.write((manager) => insertConvention(manager, 'c1', 'Convention', '{"s":1}'));
  });

  afterEach(async () => {
    await db.close();
    await store.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('waits for the writer holding the lock, then reads what it committed', async () => {
    let release!: () => void;
    const mayCommit = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const holdsLock = new Promise<void>((resolve) => (locked = resolve));
    const first = db.write(async (manager) => {
      await eventLog.lockStream(manager, 'c1');
      await manager.query(`UPDATE "conventions" SET "version" = 2, "snapshot" = '{"s":2}' WHERE "id" = 'c1'`);
      locked();
      await mayCommit;
    });
    await holdsLock;
    let readAt = 0;
    const second = db.write(async (manager) => {
      const loaded = await conventions.loadForWrite(manager, 'c1', { lock: true });
      readAt = performance.now();
      return loaded;
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(readAt).toBe(0); // still waiting for the lock
    const committedAt = performance.now();
    release();
    await first;
    const loaded = await second;
    expect(readAt).toBeGreaterThan(committedAt);
    expect(loaded?.row).toMatchObject({ id: 'c1', version: 2, snapshot: '{"s":2}' });
  });

  it('reads the columns and values the two-statement form reads, and nothing for an unknown id', async () => {
    const [together, apart, missing] = await db.write(async (manager) => {
      const one = await conventions.loadForWrite(manager, 'c1', { lock: true });
      await eventLog.lockStream(manager, 'c1');
      const two = await conventions.loadForWrite(manager, 'c1', { lock: false });
      return [one, two, await conventions.loadForWrite(manager, 'nope', { lock: true })];
    });
    // The same but the pending plans, which only the locking read brings.
    expect(apart?.pending).toBeUndefined();
    expect({ ...together, pending: undefined }).toEqual({ ...apart, pending: undefined });
    expect(together?.pending).toEqual({ deadlines: [], reminders: [] });
    expect(together?.row).toEqual({
      id: 'c1',
      definitionId: 'halde-amf-2010',
      definitionVersion: 1,
      title: 'Convention',
      status: 'ACTIVE',
      version: 1,
      createdAt: '2010-06-24',
      updatedAt: '2010-06-24',
      effectiveOn: '2010-07-01',
      noticeDeadline: null,
      terminationEffectiveOn: null,
      snapshot: '{"s":1}',
    });
    expect(missing).toBeNull();

    // A column added to `conventions` must reach the function too: its result lists every
    // column of the table but the view, by property, and the two heads.
    const columns = await db.write(async (manager) =>
      manager.connection
        .getMetadata('conventions')
        .columns.map((column) => column.propertyName)
        .filter((name) => name !== 'view'),
    );
    const gone = (error: Error) => error.message;
    const fields = await withDatabase(store.url!, async (client) => ({
      now: (await client.query('SELECT * FROM "conventio_lock_and_load"(1, $1, true, true)', ['nope']))
        .fields,
      threeArguments: await client
        .query('SELECT * FROM "conventio_lock_and_load"(1, $1, true)', ['nope'])
        .then(() => 'still there', gone),
      twoArguments: await client
        .query('SELECT * FROM "conventio_lock_and_load"(1, $1)', ['nope'])
        .then(() => 'still there', gone),
    }));
    expect(fields.now.map((f) => f.name)).toEqual([
      ...columns,
      'headHash',
      'logLastAt',
      'pending',
      'recipients',
    ]);
    // The earlier forms, which only releases before the recipients called, are gone
    // (1765400000000 and 1765600000000).
    expect(fields.threeArguments).toMatch(/does not exist/);
    expect(fields.twoArguments).toMatch(/does not exist/);
  });

  it("brings the convention's pending deadlines and reminders, as the write's own read of them finds them", async () => {
    await db.write(async (manager) => {
      await insertConvention(manager, 'c2', 'Autre', '{}');
      await manager.insert('deadlines', [
        deadline('c1', 'c1:term-end', 'PENDING'),
        deadline('c1', 'c1:evaluation-1', 'PENDING'),
        deadline('c1', 'c1:fired', 'FIRED'),
        deadline('c1', 'c1:cancelled', 'CANCELLED'),
        deadline('c2', 'c2:term-end', 'PENDING'),
      ]);
      await manager.insert(ReminderRow, [
        reminder('c1', 'c1:reminder-term-end', 'PENDING'),
        reminder('c1', 'c1:reminder-sent', 'RELEASED'),
        reminder('c2', 'c2:reminder-term-end', 'PENDING'),
      ]);
    });
    const byKey = (plans: { deadlines: { key: string }[]; reminders: { key: string }[] } | undefined) => ({
      deadlines: [...(plans?.deadlines ?? [])].sort((a, b) => a.key.localeCompare(b.key)),
      reminders: [...(plans?.reminders ?? [])].sort((a, b) => a.key.localeCompare(b.key)),
    });
    for (const withReminders of [true, false]) {
      const [loaded, read] = await db.write(async (manager) => [
        await conventions.loadForWrite(manager, 'c1', { lock: true, withReminders }),
        await deadlines.pendingPlans(manager, 'c1', withReminders),
      ]);
      expect(byKey(loaded?.pending)).toEqual(byKey(read));
      expect(byKey(loaded?.pending).deadlines.map((d) => d.key)).toEqual(['c1:evaluation-1', 'c1:term-end']);
      expect(byKey(loaded?.pending).reminders.map((r) => r.key)).toEqual(
        withReminders ? ['c1:reminder-term-end'] : [],
      );
      expect(loaded?.pending?.deadlines.every((d) => typeof d.id === 'number')).toBe(true);
    }
  });

  it("brings the contacts and webhook endpoints of the convention's parties, as the notifier reads them", async () => {
    await db.write(async (manager) => {
      await insertConvention(manager, 'c2', 'Autre', '{}');
      await manager.insert('convention_parties', [
        { conventionId: 'c1', partyId: 'halde' },
        { conventionId: 'c1', partyId: 'amf' },
        { conventionId: 'c2', partyId: 'halde' },
        { conventionId: 'c2', partyId: 'acse' },
      ]);
      const contact = (id: string, partyId: string, kinds: string) => ({
        id,
        partyId,
        name: `Contact ${id}`,
        email: `${id}@example.org`,
        language: id.endsWith('2') ? 'en' : 'fr',
        kinds,
        createdAt: '2010-06-24T09:00:00.000Z',
      });
      await manager.insert(ContactRow, [
        contact('k3', 'amf', '["NOTICES"]'),
        contact('k1', 'halde', '["NOTICES","WEEKLY_DIGEST"]'),
        contact('k2', 'acse', '["REMINDERS"]'),
      ]);
      const endpoint = (id: string, partyId: string, events: string | null) => ({
        id,
        partyId,
        url: `https://${id}.example.org/hook`,
        events,
        secret: `whsec_${id}`,
        createdAt: '2010-06-24T09:00:00.000Z',
      });
      await manager.insert(WebhookEndpointRow, [
        endpoint('w2', 'halde', null),
        endpoint('w1', 'amf', '["COMMITMENT_CONFIRMED"]'),
        endpoint('w3', 'acse', null),
      ]);
    });
    const [brought, read, without, apart] = await db.write(async (manager) => [
      await conventions.loadForWrite(manager, 'c1', { lock: true, withRecipients: true }),
      await recipientsOf(manager, ['halde', 'amf']),
      await conventions.loadForWrite(manager, 'c1', { lock: true }),
      await conventions.loadForWrite(manager, 'c1', { lock: false, withRecipients: true }),
    ]);
    // Every column of both tables, in id order, other parties' rows left out.
    expect(brought?.recipients).toEqual(read);
    expect(brought?.recipients?.contacts.map((c) => c.id)).toEqual(['k1', 'k3']);
    expect(brought?.recipients?.webhooks.map((w) => w.id)).toEqual(['w1', 'w2']);
    expect(without?.recipients).toBeUndefined();
    // Only the locking read brings them.
    expect(apart?.recipients).toBeUndefined();
  });
});
