import { testDialect } from '../support/test-store';
import { MediumStore, openMediumStore } from './support/medium-store';
import { plansOn } from './support/prepared-plans';

/**
 * A convention's writes are by key (`WriteOptions.byKey`): PostgreSQL plans each of their
 * statements once per connection. Left to choose, it planned the projection's and the append's
 * anew at every call, a third of its CPU per transition (bench/README.md, "Findings (2026-12-06,
 * late: planned once)"). Seen on the server, in `pg_prepared_statements` of the connection: how
 * many times each named statement ran on a plan made for its values (custom) or on the one plan
 * kept (generic). What a write by key does on its connection is checked in
 * prepared-statements.medium-spec.ts.
 *
 * The writes run one at a time: pg-pool hands out the connection released last, so they and the
 * read after them run on the backend the read inspects.
 */
const onPostgres = testDialect() === 'postgres' ? describe : describe.skip;

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
