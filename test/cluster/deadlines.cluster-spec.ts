import { ConventioProcess } from '../support/conventio-process';
import { createTestDatabase } from '../support/postgres';
import { Cluster } from './cluster';

const SIGN = `mutation($id: ID!) { signConvention(input: { conventionId: $id }) { convention { status } } }`;
const CONVENTIONS = 40;

interface EventLine {
  stream_id: string;
  type: string;
  occurred_at: string;
  actor_role: string;
}

/**
 * Every API instance runs the scheduler. The conventions are signed in 2010 by one instance;
 * then three instances start together in 2016 and race to fire five and a half years of
 * deadlines (notice deadlines, evaluations, term ends, renewals), and one of them is killed
 * while it holds claims on some.
 */
describe('deadlines with three instances, one killed mid-way', () => {
  let cluster: Cluster;

  afterAll(async () => {
    await cluster?.dispose();
  });

  it('fires each due deadline exactly once, in order, and takes over the claims of the dead instance', async () => {
    cluster = Cluster.create(await createTestDatabase(), { CLOCK: 'manual' });
    const [seeder] = await cluster.grow(1, { CLOCK_START: '2010-06-24T08:00:00Z' });
    const { admin, auditor, halde, amf } = await seeder!.haldeAmfTokens();
    const ids: string[] = [];
    for (let i = 0; i < CONVENTIONS; i++) {
      const created = await seeder!.ok<{ createConvention: { convention: { id: string } } }>(
        admin,
        'mutation { createConvention(input: { workflowId: "halde-amf-2010" }) { convention { id } } }',
      );
      const id = created.createConvention.convention.id;
      await seeder!.ok(amf, SIGN, { id });
      await seeder!.ok(halde, SIGN, { id });
      ids.push(id);
    }
    await seeder!.stop();
    const due = async () =>
      (
        await cluster.sql<{ n: number }>(
          `SELECT COUNT(*)::int AS n FROM deadlines WHERE status = 'PENDING' AND due_at <= '2016-01-01'`,
        )
      )[0]!.n;
    expect(await due()).toBe(CONVENTIONS * 3); // notice deadline, evaluation and term end of term 1

    // Three instances start together years later; each fires what fell due, at start-up and then
    // every 200 ms. Claims last 1.5 s.
    const later = {
      CLOCK_START: '2016-01-01T00:00:00Z',
      SCHEDULER_INTERVAL_MS: '200',
      DEADLINE_LEASE_MS: '1500',
    };
    const instances = [await cluster.add(later), await cluster.add(later), await cluster.add(later)] as [
      ConventioProcess,
      ConventioProcess,
      ConventioProcess,
    ];
    const victim = instances[2];
    const booting = instances.map((instance) => instance.boot().catch(() => undefined));
    const fired = async () =>
      (
        await cluster.sql<{ n: number }>(`SELECT COUNT(*)::int AS n FROM deadlines WHERE status = 'FIRED'`)
      )[0]!.n;
    // Kill one instance once firing is well under way, at a moment it holds claims: frozen first
    // (SIGSTOP), so that what it holds is read while it can settle nothing, then killed.
    const heldByVictim = () =>
      cluster.sql<{ id: number }>(
        `SELECT id FROM deadlines WHERE status = 'PENDING' AND claimed_by LIKE $1`,
        [`%:${victim.pid}:%`],
      );
    const deadline = Date.now() + 60_000;
    let heldWhenKilled: { id: number }[] = [];
    while (Date.now() < deadline) {
      // Its pid is known once it has announced itself (it may boot after the others have started firing).
      if (victim.pid !== undefined && (await fired()) >= 100) {
        process.kill(victim.pid!, 'SIGSTOP');
        heldWhenKilled = await heldByVictim();
        if (heldWhenKilled.length > 0) break;
        process.kill(victim.pid!, 'SIGCONT');
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    victim.kill();
    console.log(
      `killed instance 3 after ${await fired()} deadlines fired, holding claims on ${heldWhenKilled.length} pending ones`,
    );
    expect(heldWhenKilled.length).toBeGreaterThan(0);
    await Promise.all(booting.slice(0, 2));

    // The survivors finish, the dead instance's claims included once its lease ran out.
    while ((await due()) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(await due()).toBe(0);
    for (const { id } of heldWhenKilled) {
      const [row] = await cluster.sql<{ status: string }>('SELECT status FROM deadlines WHERE id = $1', [id]);
      expect(row?.status).toBe('FIRED');
    }

    // Exactly once: each convention has one system event per fired deadline, none twice, and
    // every convention (all signed alike) went through the same events in the same order.
    const events = await cluster.sql<EventLine>(
      `SELECT stream_id, type, occurred_at, actor_role FROM events ORDER BY stream_id, version`,
    );
    const byConvention = new Map<string, EventLine[]>();
    for (const event of events)
      byConvention.set(event.stream_id, [...(byConvention.get(event.stream_id) ?? []), event]);
    const firedRows = await cluster.sql<{ convention_id: string; n: number }>(
      `SELECT convention_id, COUNT(*)::int AS n FROM deadlines WHERE status = 'FIRED' GROUP BY convention_id`,
    );
    const firedBy = new Map(firedRows.map((r) => [r.convention_id, r.n]));
    const reference = byConvention.get(ids[0]!)!.map((e) => e.type);
    expect(reference.filter((t) => t === 'TERM_ENDED').length).toBeGreaterThanOrEqual(5);
    for (const id of ids) {
      const stream = byConvention.get(id)!;
      const system = stream.filter((e) => e.actor_role === 'system');
      expect(system.length).toBe(firedBy.get(id));
      // A deadline's event is recorded at its due instant: the same type twice at one instant is a double fire.
      expect(new Set(system.map((e) => `${e.type} ${e.occurred_at}`)).size).toBe(system.length);
      expect(stream.map((e) => e.type)).toEqual(reference);
    }
    const [first] = instances;
    for (const id of ids) {
      const { verifyHistory } = await first.ok<{ verifyHistory: { valid: boolean } }>(
        auditor,
        'query($id: ID!) { verifyHistory(conventionId: $id) { valid } }',
        { id },
      );
      expect(verifyHistory.valid).toBe(true);
    }
  }, 120_000);
});
