import { ConventioProcess, GraphQLResponse } from '../support/conventio-process';
import { Cluster } from './cluster';

const SIGN = `mutation($id: ID!) { signConvention(input: { conventionId: $id }) { convention { status } } }`;
const MARK = `mutation($c: ID!, $note: String) {
  markCommitmentDone(input: { commitmentId: $c, note: $note }) { commitment { status } } }`;
const REOPEN = `mutation($c: ID!, $reason: String!) {
  reopenCommitment(input: { commitmentId: $c, reason: $reason }) { commitment { status } } }`;

/** What a writer learnt of its request: acknowledged, refused with a code, or no answer at all. */
type Outcome = { marker: string; conventionId: string; answer: 'ok' | string };

interface HistoryNode {
  version: number;
  sequence: number;
  type: string;
  payload: string;
}

/**
 * Three API processes behind no balancer but the client's round robin, one PostgreSQL
 * database. Writers race on the same commitments: marking one done and reopening it are each
 * valid only in one state, so which of them the machine accepts depends on who commits first.
 */
describe('three instances writing the same conventions at once', () => {
  let cluster: Cluster;
  let admin: string;
  let auditor: string;
  let tokens: Record<'halde' | 'amf', string>;

  beforeAll(async () => {
    cluster = await Cluster.start(3, { CLOCK: 'manual', CLOCK_START: '2010-06-24T08:00:00Z' });
    const [first] = cluster.instances as [ConventioProcess];
    const issued = await first.haldeAmfTokens();
    ({ admin, auditor } = issued);
    tokens = { halde: issued.halde, amf: issued.amf };
  }, 60_000);

  afterAll(async () => {
    await cluster?.dispose();
  });

  /** Active HALDE–AMF conventions, created and signed through the first instance. */
  const activeConventions = async (count: number): Promise<string[]> => {
    const [first] = cluster.instances as [ConventioProcess];
    return Promise.all(
      Array.from({ length: count }, async () => {
        const created = await first.ok<{ createConvention: { convention: { id: string } } }>(
          admin,
          'mutation { createConvention(input: { workflowId: "halde-amf-2010" }) { convention { id } } }',
        );
        const id = created.createConvention.convention.id;
        await first.ok(tokens.amf, SIGN, { id });
        await first.ok(tokens.halde, SIGN, { id });
        return id;
      }),
    );
  };

  /** Request i: mark done or reopen one of the standing commitments, through instance i mod 3. */
  const racingWriters = (conventionIds: string[], count: number, instances: () => ConventioProcess[]) => {
    const targets = conventionIds.flatMap((id) => [
      { conventionId: id, commitmentId: `${id}:halde-shares-information`, owner: 'halde' as const },
      { conventionId: id, commitmentId: `${id}:amf-relays-information`, owner: 'amf' as const },
    ]);
    return Array.from({ length: count }, (_, i) => async (): Promise<Outcome> => {
      const target = targets[i % targets.length]!;
      const marker = `writer-${i}-${Math.floor(i / targets.length) % 2 ? 'reopen' : 'mark'}`;
      const instance = instances()[i % 3]!;
      try {
        const answer: GraphQLResponse = marker.endsWith('mark')
          ? await instance.graphql(tokens[target.owner], MARK, { c: target.commitmentId, note: marker })
          : await instance.graphql(tokens[target.owner], REOPEN, { c: target.commitmentId, reason: marker });
        const code = answer.errors?.[0]?.extensions?.code;
        return { marker, conventionId: target.conventionId, answer: answer.errors ? `error ${code}` : 'ok' };
      } catch {
        return { marker, conventionId: target.conventionId, answer: 'no answer' };
      }
    });
  };

  const history = async (conventionId: string): Promise<HistoryNode[]> => {
    const [first] = cluster.instances as [ConventioProcess];
    const events: HistoryNode[] = [];
    for (let after: string | null = null; ;) {
      const data: {
        history: {
          edges: { node: HistoryNode }[];
          pageInfo: { hasNextPage: boolean; endCursor: string | null };
        };
      } = await first.ok(
        auditor,
        `query($id: ID!, $after: String) { history(conventionId: $id, first: 100, after: $after) {
          edges { node { version sequence type payload } } pageInfo { hasNextPage endCursor } } }`,
        { id: conventionId, after },
      );
      events.push(...data.history.edges.map((e) => e.node));
      if (!data.history.pageInfo.hasNextPage) return events;
      after = data.history.pageInfo.endCursor;
    }
  };

  /** Every acknowledged write is in its history and no refused one is; versions are gapless; replay agrees. */
  const expectHistoriesToHold = async (conventionIds: string[], outcomes: Outcome[]) => {
    const [first] = cluster.instances as [ConventioProcess];
    for (const id of conventionIds) {
      const events = await history(id);
      expect(events.map((e) => e.version)).toEqual(events.map((_, i) => i + 1));
      const recorded = events.map((e) => e.payload).join('\n');
      for (const outcome of outcomes.filter((o) => o.conventionId === id)) {
        if (outcome.answer === 'ok') expect(recorded).toContain(`"${outcome.marker}"`);
        if (outcome.answer.startsWith('error')) expect(recorded).not.toContain(`"${outcome.marker}"`);
      }
      const { verifyHistory } = await first.ok<{ verifyHistory: { valid: boolean; reason: string | null } }>(
        auditor,
        'query($id: ID!) { verifyHistory(conventionId: $id) { valid reason } }',
        { id },
      );
      expect(verifyHistory).toEqual({ valid: true, reason: null });
    }
    // The global log is dense and in commit order: no hole, and each stream's events in version order.
    const [log] = await cluster.sql<{ n: number; last: number }>(
      'SELECT COUNT(*)::int AS n, MAX(sequence)::int AS last FROM events',
    );
    expect(log!.n).toBe(log!.last);
    const disorder = await cluster.sql(`SELECT a.sequence FROM events a JOIN events b
      ON a.stream_id = b.stream_id AND a.version < b.version AND a.sequence > b.sequence LIMIT 1`);
    expect(disorder).toEqual([]);
  };

  const tally = (outcomes: Outcome[]) =>
    outcomes.reduce<Record<string, number>>(
      (counts, o) => ({ ...counts, [o.answer]: (counts[o.answer] ?? 0) + 1 }),
      {},
    );

  it('loses no update under 200 concurrent conflicting transitions', async () => {
    const conventionIds = await activeConventions(4);
    const writers = racingWriters(conventionIds, 200, () => cluster.instances);
    const started = performance.now();
    const outcomes = await Promise.all(writers.map((write) => write()));
    const seconds = (performance.now() - started) / 1000;
    const counts = tally(outcomes);
    console.log(`200 racing writers over 3 instances in ${seconds.toFixed(2)} s:`, counts);
    // Each request was either applied or refused by the machine on fresh state, or lost a race twice.
    expect(
      Object.keys(counts).every((k) => ['ok', 'error INVALID_TRANSITION', 'error CONFLICT'].includes(k)),
    ).toBe(true);
    expect(counts.ok).toBeGreaterThan(0);
    expect(counts['error INVALID_TRANSITION']).toBeGreaterThan(0);
    await expectHistoriesToHold(conventionIds, outcomes);
  }, 120_000);

  it('applies a request retried with one idempotency key on every instance at once exactly once', async () => {
    const [conventionId] = await activeConventions(1);
    const KEYED = `mutation($c: ID!, $k: String) {
      markCommitmentDone(input: { commitmentId: $c, note: "une fois", idempotencyKey: $k }) {
        convention { version } commitment { id status } } }`;
    const before = (await history(conventionId!)).length;
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        cluster.instances[i % 3]!.graphql(tokens.amf, KEYED, {
          c: `${conventionId}:amf-relays-information`,
          k: 'retried-everywhere',
        }),
      ),
    );
    for (const answer of answers) expect(answer.errors).toBeUndefined();
    expect(new Set(answers.map((a) => JSON.stringify(a.data))).size).toBe(1);
    expect((await history(conventionId!)).length).toBe(before + 1);
  }, 60_000);

  it('keeps every acknowledged transition when an instance is killed in the middle of the load', async () => {
    const conventionIds = await activeConventions(4);
    const victim = cluster.instances[2]!;
    let answered = 0;
    const writers = racingWriters(conventionIds, 300, () => cluster.instances);
    const outcomes = await Promise.all(
      writers.map(async (write, i) => {
        // Staggered a little so that the kill lands while requests are in flight.
        await new Promise((resolve) => setTimeout(resolve, i * 3));
        const outcome = await write();
        if (++answered === 60) victim.kill();
        return outcome;
      }),
    );
    const counts = tally(outcomes);
    console.log('300 racing writers, instance 3 killed after 60 answers:', counts);
    expect(counts['no answer']).toBeGreaterThan(0);
    expect(counts.ok).toBeGreaterThan(0);
    await expectHistoriesToHold(conventionIds, outcomes);
    await victim.boot();
  }, 120_000);
});
