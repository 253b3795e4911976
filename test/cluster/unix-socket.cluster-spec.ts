import { ConventioProcess } from '../support/conventio-process';
import { LiveClient } from '../support/live-client';
import { createTestDatabase, postgresAdminUrl, unixSocketDirectory } from '../support/postgres';
import { Cluster } from './cluster';

const CONVENTION_CHANGED = 'subscription($id: ID!) { conventionChanged(id: $id) { id version status } }';
const SIGN = 'mutation($id: ID!) { signConvention(input: { conventionId: $id }) { convention { status } } }';

interface Backend {
  application_name: string;
  client_port: number;
}

/**
 * Instances on the database's own machine, connected through PostgreSQL's Unix socket
 * (`?host=<socket directory>` in DATABASE_URL) rather than TCP: a round trip then costs both
 * sides less (bench/README, "PostgreSQL through its Unix socket"). Every connection the
 * instances and the CLI open goes through it (the pool's and the change feed's listener), and
 * the whole path works: tokens, writes, a change published from one instance to a subscriber
 * of the other, a history that verifies.
 */
describe('PostgreSQL through its Unix socket', () => {
  let cluster: Cluster;
  let socketUrl: URL;

  beforeAll(async () => {
    const directory = await unixSocketDirectory(postgresAdminUrl());
    expect(directory).toMatch(/^\//);
    const database = await createTestDatabase();
    socketUrl = new URL(database.url);
    socketUrl.searchParams.set('host', directory!);
    cluster = Cluster.create(database, { DATABASE_URL: socketUrl.toString() });
    await cluster.grow(2);
  }, 60_000);

  afterAll(async () => {
    await cluster?.dispose();
  });

  it('serves every request and publishes across instances with only socket connections', async () => {
    const [a, b] = cluster.instances as [ConventioProcess, ConventioProcess];
    expect(a.env.DATABASE_URL).toBe(socketUrl.toString());
    const { admin: adminToken, auditor, halde, amf } = await a.haldeAmfTokens();
    const created = await a.ok<{ createConvention: { convention: { id: string } } }>(
      adminToken,
      'mutation { createConvention(input: { workflowId: "halde-amf-2010" }) { convention { id } } }',
    );
    const id = created.createConvention.convention.id;
    const live = await LiveClient.connect(b.url, auditor);
    try {
      const changes = await live.subscribe<{ conventionChanged: { version: number; status: string } }>(
        CONVENTION_CHANGED,
        { id },
      );
      await a.ok(amf, SIGN, { id });
      await a.ok(halde, SIGN, { id });
      const signed = await changes.nextMatching((data) => data.conventionChanged.version >= 3, 5_000);
      expect(signed.conventionChanged.status).not.toBe('DRAFT');
    } finally {
      await live.close();
    }
    const verified = await b.ok<{ verifyHistory: { valid: boolean; eventCount: number } }>(
      auditor,
      'query($id: ID!) { verifyHistory(conventionId: $id) { valid eventCount } }',
      { id },
    );
    expect(verified.verifyHistory.valid).toBe(true);
    expect(verified.verifyHistory.eventCount).toBeGreaterThanOrEqual(3);

    // Read over TCP (the test's own connection, left out): client_port is -1 on a Unix socket.
    const backends = await cluster.sql<Backend>(
      `SELECT "application_name", "client_port" FROM pg_stat_activity
       WHERE "datname" = current_database() AND "pid" <> pg_backend_pid()`,
    );
    const names = backends.map((backend) => backend.application_name);
    expect(names.filter((name) => name === 'conventio-listener')).toHaveLength(2);
    expect(names).toContain('conventio');
    expect(backends.filter((backend) => backend.client_port !== -1)).toEqual([]);
  }, 60_000);
});
