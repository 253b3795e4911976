import { ConventioProcess } from '../support/conventio-process';
import { grace, LiveClient } from '../support/live-client';
import { Cluster } from './cluster';

const CONVENTION_CHANGED = 'subscription($id: ID!) { conventionChanged(id: $id) { id version } }';
const SIGN = 'mutation($id: ID!) { signConvention(input: { conventionId: $id }) { convention { status } } }';

/** A token revoked with the CLI (another process) while it follows a convention on two instances. */
describe('revocation across instances', () => {
  let cluster: Cluster;
  let admin: string;
  let amf: string;

  beforeAll(async () => {
    cluster = await Cluster.start(2, { CLOCK: 'manual', CLOCK_START: '2010-06-24T08:00:00Z' });
    ({ admin, amf } = await cluster.instances[0]!.haldeAmfTokens());
  }, 60_000);

  afterAll(async () => {
    await cluster?.dispose();
  });

  it('closes its websockets on every instance within a second (4401), and delivers them nothing more', async () => {
    const [a, b] = cluster.instances as [ConventioProcess, ConventioProcess];
    const { id: tokenId, secret } = await a.issueToken('auditor', 'Auditeur sortant');
    const created = await a.ok<{ createConvention: { convention: { id: string } } }>(
      admin,
      'mutation { createConvention(input: { workflowId: "halde-amf-2010" }) { convention { id } } }',
    );
    const id = created.createConvention.convention.id;
    const sockets = [await LiveClient.connect(a.url, secret), await LiveClient.connect(b.url, secret)];
    try {
      const followed = sockets.map((socket) => socket.subscribeNow(CONVENTION_CHANGED, { id }));
      await grace();

      await b.cli('token', 'revoke', tokenId);
      const revoked = performance.now();
      const closures = await Promise.all(sockets.map((socket) => socket.closed(2_000)));
      const closedAfter = performance.now() - revoked;
      for (const closure of closures) expect(closure.code).toBe(4401);
      expect(closedAfter).toBeLessThan(1_000);
      console.log(
        `revocation: both instances closed the websockets ${closedAfter.toFixed(0)} ms after the CLI exited`,
      );

      await a.ok(amf, SIGN, { id });
      await grace();
      for (const subscription of followed) expect(subscription.messages).toEqual([]);
    } finally {
      await Promise.all(sockets.map((socket) => socket.close()));
    }
  }, 60_000);
});
