import { ConventioProcess } from '../support/conventio-process';
import { createTestDatabase } from '../support/postgres';
import { WebhookReceiver } from '../support/webhook-receiver';
import { Cluster } from './cluster';

const SIGN = `mutation($id: ID!) { signConvention(input: { conventionId: $id }) { convention { status } } }`;
const CONVENTIONS = 30;

/**
 * Every API instance runs the dispatcher. Messages are written by one instance that never
 * delivers; then three instances start together and deliver them to a slow receiver, and one is
 * killed while it holds claims.
 */
describe('outbox delivery with three instances, one killed mid-way', () => {
  let cluster: Cluster;
  let receiver: WebhookReceiver;

  afterAll(async () => {
    await cluster?.dispose();
    await receiver?.close();
  });

  it('delivers every message, records each as sent once, and re-sends only what the dead instance held', async () => {
    receiver = await WebhookReceiver.start();
    receiver.delayMs = 300;
    cluster = Cluster.create(await createTestDatabase(), {
      CLOCK: 'manual',
      CLOCK_START: '2010-06-24T08:00:00Z',
      WEBHOOK_ALLOW_LOCAL: 'true',
    });
    // The writer delivers nothing: its dispatcher runs once at start, before any message exists.
    const [writer] = await cluster.grow(1, { DISPATCH_INTERVAL_MS: String(86_400_000) });
    const { admin, halde, amf } = await writer!.haldeAmfTokens();
    await writer!.cli('webhook', 'add', '--party', 'halde', '--url', receiver.url);
    for (let i = 0; i < CONVENTIONS; i++) {
      const created = await writer!.ok<{ createConvention: { convention: { id: string } } }>(
        admin,
        'mutation { createConvention(input: { workflowId: "halde-amf-2010" }) { convention { id } } }',
      );
      const id = created.createConvention.convention.id;
      await writer!.ok(amf, SIGN, { id });
      await writer!.ok(halde, SIGN, { id });
    }
    await writer!.stop();
    const count = async (status: string) =>
      (
        await cluster.sql<{ n: number }>(`SELECT COUNT(*)::int AS n FROM outbox WHERE status = $1`, [status])
      )[0]!.n;
    const total = await count('PENDING');
    // Created, two signatures, the effective date: four events per convention, one delivery each.
    expect(total).toBe(CONVENTIONS * 4);
    expect(receiver.deliveries).toHaveLength(0);

    const later = { DISPATCH_INTERVAL_MS: '100', OUTBOX_LEASE_MS: '1500' };
    const instances = [await cluster.add(later), await cluster.add(later), await cluster.add(later)] as [
      ConventioProcess,
      ConventioProcess,
      ConventioProcess,
    ];
    const victim = instances[2];
    const booting = instances.map((instance) => instance.boot().catch(() => undefined));
    const heldByVictim = async () =>
      cluster.sql<{ key: string }>(`SELECT key FROM outbox WHERE status = 'PENDING' AND claimed_by LIKE $1`, [
        `%:${victim.pid}:%`,
      ]);
    const until = Date.now() + 60_000;
    // Killed as soon as it holds claims: each answer takes 300 ms, so the work is far from done.
    while (Date.now() < until) {
      if ((await heldByVictim()).length > 0) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    const victimPid = victim.pid;
    victim.kill();
    const heldWhenKilled = await cluster.sql<{ id: number }>(
      `SELECT id FROM outbox WHERE status = 'PENDING' AND claimed_by LIKE $1`,
      [`%:${victimPid}:%`],
    );
    expect(heldWhenKilled.length).toBeGreaterThan(0);
    expect(await count('SENT')).toBeLessThan(total);
    await Promise.all(booting.slice(0, 2));
    while ((await count('SENT')) < total && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    expect(await count('SENT')).toBe(total);

    // Each message recorded as sent by exactly one successful attempt.
    const successes = await cluster.sql<{ message_id: number; n: number }>(
      `SELECT message_id, COUNT(*)::int AS n FROM outbox_attempts WHERE error IS NULL GROUP BY message_id`,
    );
    expect(successes).toHaveLength(total);
    expect(successes.every((s) => s.n === 1)).toBe(true);
    // Every message reached the receiver; one reached it twice only if the dead instance held it.
    const ids = receiver.accepted().map((d) => String(d.headers['webhook-id']));
    expect(new Set(ids).size).toBe(total);
    const twice = ids.length - new Set(ids).size;
    console.log(
      `killed one instance holding ${heldWhenKilled.length} claims; ${total} messages, ${twice} received twice`,
    );
    expect(twice).toBeLessThanOrEqual(heldWhenKilled.length);
  }, 120_000);
});
