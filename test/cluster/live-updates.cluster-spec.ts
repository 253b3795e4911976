import { ConventioProcess } from '../support/conventio-process';
import { LiveClient } from '../support/live-client';
import { Cluster } from './cluster';

const SIGN = `mutation($id: ID!) { signConvention(input: { conventionId: $id }) { convention { status } } }`;

/** A subscriber connected to one instance, writes sent through the others. */
describe('live updates across instances', () => {
  let cluster: Cluster;
  let admin: string;
  let halde: string;
  let amf: string;
  let auditor: string;

  beforeAll(async () => {
    cluster = await Cluster.start(3, { CLOCK: 'manual', CLOCK_START: '2010-06-24T08:00:00Z' });
    const [first] = cluster.instances as [ConventioProcess];
    ({ admin, auditor, halde, amf } = await first.haldeAmfTokens());
  }, 60_000);

  afterAll(async () => {
    await cluster?.dispose();
  });

  it('delivers a change made through instance B to a subscriber on instance A within a second', async () => {
    const [a, b, c] = cluster.instances as [ConventioProcess, ConventioProcess, ConventioProcess];
    const created = await c.ok<{ createConvention: { convention: { id: string } } }>(
      admin,
      'mutation { createConvention(input: { workflowId: "halde-amf-2010" }) { convention { id } } }',
    );
    const id = created.createConvention.convention.id;
    const live = await LiveClient.connect(a.url, auditor);
    const amfLive = await LiveClient.connect(a.url, amf);
    try {
      const convention = await live.subscribe<{
        conventionChanged: { id: string; status: string; version: number };
      }>('subscription($id: ID!) { conventionChanged(id: $id) { id status version } }', { id });
      const commitments = await amfLive.subscribe<{ commitmentChanged: { id: string; status: string } }>(
        'subscription { commitmentChanged(partyId: "amf") { id status } }',
      );

      let sent = performance.now();
      await b.ok(amf, SIGN, { id });
      const signed = await convention.next(1_000);
      const firstLatency = performance.now() - sent;
      expect(signed.data?.conventionChanged).toEqual({ id, status: 'DRAFT', version: 2 });

      sent = performance.now();
      await c.ok(halde, SIGN, { id });
      const active = await convention.nextMatching((d) => d.conventionChanged.status === 'ACTIVE', 1_000);
      expect(active.conventionChanged.version).toBe(4);
      const activeLatency = performance.now() - sent;

      sent = performance.now();
      await b.ok(
        amf,
        'mutation($c: ID!) { markCommitmentDone(input: { commitmentId: $c }) { commitment { status } } }',
        { c: `${id}:amf-relays-information` },
      );
      const done = await commitments.nextMatching(
        (d) =>
          d.commitmentChanged.id === `${id}:amf-relays-information` &&
          d.commitmentChanged.status === 'FULFILLED',
        1_000,
      );
      expect(done.commitmentChanged.status).toBe('FULFILLED');
      console.log(
        `B → A latencies: ${firstLatency.toFixed(0)} ms, ${activeLatency.toFixed(0)} ms, ` +
          `commitment ${(performance.now() - sent).toFixed(0)} ms (from sending the mutation)`,
      );
    } finally {
      await live.close();
      await amfLive.close();
    }
  }, 60_000);
});
