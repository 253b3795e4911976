import { NewMessage, OutboxRepository } from '../../src/notifications/outbox.repository';
import { testDialect } from '../support/test-store';
import { admin, MediumStore } from './support/medium-store';
import { openWatchedStore } from './support/watched-store';

/**
 * Firing deadlines and re-planning deadlines and reminders run one text per kind of statement,
 * whatever rows they touch: no id or number is written into a text. A text per row was a
 * statement prepared for that row alone on SQLite (parsed for it alone on PostgreSQL), left to the
 * garbage collector, which then finalized thousands of them in one pause of a full collection: a
 * catch-up's longest wait (bench/README.md, "Findings (2026-12-06, morning: a catch-up's longest
 * wait)").
 *
 * Every statement, the query builder's and `sql()`'s alike, is watched (`openWatchedStore`).
 */
describe('statement texts of a clock move over years of deadlines', () => {
  let store: MediumStore;
  let texts: string[] = [];

  beforeAll(async () => {
    store = await openWatchedStore({ dialect: testDialect(), notifications: true }, (text) =>
      texts.push(text),
    );
  });

  afterAll(async () => {
    jest.restoreAllMocks();
    await store?.dispose();
  });

  it('runs a bounded set of texts on the deadlines and reminders, not one per row', async () => {
    for (let i = 0; i < 4; i++) await store.signedHaldeAmf();
    texts = [];
    // Yearly tacit renewals: each fires the term's end, plans the next term's deadlines and
    // reminders, and cancels what the renewal made moot.
    const fired = await store.clockControl.advanceClock({ actor: admin, to: '2022-06-24T09:00:00Z' });
    expect(fired.length).toBeGreaterThanOrEqual(100);

    const onPlans = texts.filter((text) => /"(deadlines|reminders)"/.test(text));
    const distinct = new Set(onPlans);
    // Each row touched: fired, settled, planned or cancelled, some several times.
    expect(onPlans.length).toBeGreaterThan(3 * fired.length);
    // One text per kind: read the pending ones, find by id, by keys, insert, cancel, re-plan, settle…
    expect(distinct.size).toBeLessThanOrEqual(16);
  });

  it('claims and settles outbox messages with the same texts whatever their ids', async () => {
    const outbox = new OutboxRepository();
    const at = '2022-06-24T09:00:00.000Z';
    const messages: NewMessage[] = Array.from({ length: 30 }, (_, i) => ({
      key: `statement-texts-${i}`,
      channel: i % 2 ? 'EMAIL' : 'WEBHOOK',
      kind: 'NOTICE',
      conventionId: 'c1',
      partyId: 'amf',
      recipient: `r${i}@example.org`,
      recipientId: `r${i}`,
      subject: 'Sujet',
      body: 'Corps',
      datedAt: at,
      status: 'PENDING',
      availableAt: at,
      createdAt: at,
    }));
    await store.db.write((manager) => outbox.add(manager, messages));
    texts = [];
    let settled = 0;
    for (;;) {
      const claimed = await store.db.write((manager) =>
        outbox.claim(manager, {
          now: at,
          leaseUntil: '2022-06-24T09:05:00.000Z',
          owner: 'me',
          limit: 4,
          channels: ['EMAIL', 'WEBHOOK'],
        }),
      );
      if (!claimed.length) break;
      for (const message of claimed) {
        const sent = await store.db.write((manager) =>
          outbox.settle(manager, message.id, 'me', { at, error: null, status: 'SENT', availableAt: at }),
        );
        expect(sent).toBe(true);
        settled += 1;
      }
    }
    expect(settled).toBe(30);
    // A lost claim (another owner) settles nothing.
    const [first] = await store.db.write((manager) => outbox.byIds(manager, [1]));
    expect(first).toMatchObject({ status: 'SENT', attempts: 1, claimedBy: null });
    expect(
      await store.db.write((manager) =>
        outbox.settle(manager, first!.id, 'other', { at, error: 'x', status: 'DEAD', availableAt: at }),
      ),
    ).toBe(false);
    expect((await store.db.write((manager) => outbox.attemptsOf(manager, [first!.id]))).length).toBe(1);

    const onOutbox = new Set(texts.filter((text) => /"outbox(_attempts)?"/.test(text)));
    // Claim (pick, lease, read), settle (update, attempt), read by id, attempts of.
    expect(onOutbox.size).toBeLessThanOrEqual(8);
  });
});
