import { testDialect } from '../support/test-store';
import { admin, MediumStore } from './support/medium-store';
import { openWatchedStore } from './support/watched-store';

/**
 * A write holds its projection updates until its end (`PendingProjections`): a convention that
 * several events of one write change (a clock move's firings) has its row written once, as the
 * last of them left it, and read once, by the first; on PostgreSQL the last convention's rows go
 * in the statement that appends the write's events. What the store holds afterwards is what the
 * events say: the audit replays every stream and compares the replayed projection with the
 * stored rows (the convention's and each commitment's).
 *
 * Statements are watched as in statement-texts.medium-spec.ts (`openWatchedStore`).
 */
const postgres = testDialect() === 'postgres';

/**
 * A write's first statement: the savepoint of each write in a SQLite group, the transaction on
 * PostgreSQL (with, for a convention's write, its plan setting in the same simple query).
 */
const startsWrite = (text: string) =>
  postgres ? text.startsWith('START TRANSACTION') : text === 'SAVEPOINT "write"';
/** Placeholders are `?` on SQLite, `$n` on PostgreSQL. */
const P = String.raw`(\?|\$\d+)`;
const updatesConvention = (text: string) => /UPDATE "conventions"/.test(text);
const readsConventionRow = (text: string) =>
  new RegExp(String.raw`FROM "conventions" c WHERE c\."id" = ${P}|conventio_lock_and_load`).test(text);
const firesDeadline = (text: string) =>
  new RegExp(String.raw`^UPDATE "deadlines" SET "status" = ${P}, "settled_at" = ${P}`).test(text);

/** The statements of each write, in order (statements before the first write are left out). */
function byWrite(texts: string[]): string[][] {
  const writes: string[][] = [];
  for (const text of texts) {
    if (startsWrite(text)) writes.push([]);
    writes[writes.length - 1]?.push(text);
  }
  return writes;
}

describe('projection updates held until the end of a write', () => {
  let store: MediumStore;
  let texts: string[] = [];

  beforeEach(async () => {
    store = await openWatchedStore({ dialect: testDialect() }, (text) => texts.push(text));
  });

  afterEach(async () => {
    jest.restoreAllMocks();
    await store?.dispose();
  });

  async function expectVerified(id: string): Promise<void> {
    const row = await store.conventions.load(store.db.read, id);
    const events = await store.events(id);
    expect(row!.version).toBe(events.length);
    expect(await store.audit.verify(row!)).toMatchObject({ valid: true, eventCount: events.length });
  }

  it('writes a convention fired several times in one write once, and reads its row once', async () => {
    const id = await store.signedHaldeAmf();
    texts = [];
    // Twelve years of yearly tacit renewals, evaluations and their deadlines.
    const fired = await store.clockControl.advanceClock({ actor: admin, to: '2022-06-24T09:00:00Z' });
    expect(fired.length).toBeGreaterThanOrEqual(20);

    const writes = byWrite(texts).filter((write) => write.some(firesDeadline));
    // The case at hand: writes that fire more than one deadline of the convention.
    expect(writes.filter((write) => write.filter(firesDeadline).length > 1).length).toBeGreaterThan(0);
    for (const write of writes) {
      expect(write.filter(updatesConvention)).toHaveLength(1);
      expect(write.filter(readsConventionRow)).toHaveLength(1);
    }
    expect(writes.flat().filter(updatesConvention).length).toBeLessThan(fired.length);
    await expectVerified(id);
  });

  it('writes each of several conventions fired in one write as its last event left it', async () => {
    const ids = [await store.signedHaldeAmf(), await store.signedHaldeAmf(), await store.signedHaldeAmf()];
    texts = [];
    const fired = await store.clockControl.advanceClock({ actor: admin, to: '2016-06-24T09:00:00Z' });
    expect(new Set(fired.map((deadline) => deadline.conventionId))).toEqual(new Set(ids));

    const writes = byWrite(texts).filter((write) => write.some(firesDeadline));
    expect(writes.some((write) => write.filter(updatesConvention).length > 1)).toBe(true);
    for (const write of writes) {
      expect(write.filter(updatesConvention).length).toBeLessThanOrEqual(ids.length);
    }
    expect(writes.flat().filter(updatesConvention).length).toBeLessThan(fired.length);
    for (const id of ids) await expectVerified(id);
  });

  it('answers a transition with the convention as its write left it, and stores the same', async () => {
    const id = await store.signedHaldeAmf();
    texts = [];
    const answer = await store.haldeSharesInformation(id);
    const writes = byWrite(texts);
    expect(writes).toHaveLength(1);
    // PostgreSQL: the projection rides in the events' append, the write's last statement before COMMIT.
    const updates = writes[0]!.filter(updatesConvention);
    expect(updates).toHaveLength(1);
    if (postgres) expect(updates[0]).toMatch(/SELECT "conventio_append"/);
    const row = await store.conventions.load(store.db.read, id);
    expect(row).toEqual(answer.convention);
    expect(answer.commitment).toMatchObject({ status: 'FULFILLED' });
    expect(await store.conventions.findCommitment(store.db.read, answer.commitment!.id)).toEqual(
      answer.commitment,
    );
    await expectVerified(id);
  });
});
