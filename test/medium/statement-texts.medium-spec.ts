import { SqlStatementCounter } from '../../src/database/sql-stats';
import { testDialect } from '../support/test-store';
import { admin, MediumStore, openMediumStore, representative } from './support/medium-store';

/**
 * Firing deadlines and re-planning deadlines and reminders run one text per kind of statement,
 * whatever rows they touch: no id or number is written into a text. A text per row was a
 * statement prepared for that row alone on SQLite (parsed for it alone on PostgreSQL), left to the
 * garbage collector, which then finalized thousands of them in one pause of a full collection: a
 * catch-up's longest wait (bench/README.md, "Findings (2026-12-06, night: a catch-up's longest
 * wait)").
 *
 * Every statement, the query builder's and `sql()`'s alike, reaches the data source's logger when
 * it has one: the store is opened with the counting logger of SQL_STATS=1, whose `logQuery` is
 * watched here.
 */
describe('statement texts of a clock move over years of deadlines', () => {
  let store: MediumStore;
  let texts: string[] = [];

  beforeAll(async () => {
    // Called with the statement's text first (TypeORM's Logger.logQuery(query, parameters)).
    jest.spyOn(SqlStatementCounter.prototype, 'logQuery').mockImplementation((...args: unknown[]) => {
      texts.push(String(args[0]));
    });
    const before = process.env.SQL_STATS;
    process.env.SQL_STATS = '1';
    try {
      store = await openMediumStore({ dialect: testDialect(), notifications: true });
    } finally {
      if (before === undefined) delete process.env.SQL_STATS;
      else process.env.SQL_STATS = before;
    }
  });

  afterAll(async () => {
    jest.restoreAllMocks();
    await store?.dispose();
  });

  it('runs a bounded set of texts on the deadlines and reminders, not one per row', async () => {
    for (let i = 0; i < 4; i++) {
      const { id } = await store.service.create({ actor: admin, workflowId: 'halde-amf-2010' });
      await store.service.sign({ actor: representative('amf'), conventionId: id });
      await store.service.sign({ actor: representative('halde'), conventionId: id });
    }
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
});
