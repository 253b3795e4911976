import { ConventioProcess, GraphQLResponse } from '../support/conventio-process';

type Counted<T> = GraphQLResponse<T> & { extensions?: { sqlStatements?: number } };

interface ConventionPage {
  conventions: {
    edges: { node: { id: string; status: string; allowedActions: string[]; commitments: unknown[] } }[];
  };
}

interface CommitmentPage {
  commitments: { edges: { node: { id: string; allowedActions: string[]; convention: { id: string } } }[] };
}

const CONVENTIONS = `query($first: Int!) {
  conventions(first: $first) {
    totalCount
    edges { node { id status allowedActions commitments { id status allowedActions } } }
  }
}`;

const COMMITMENTS = `query($first: Int!) {
  commitments(first: $first) {
    totalCount
    edges { node { id status allowedActions convention { id status allowedActions } } }
  }
}`;

/**
 * No N+1: with SQL_STATS=1 the server reports in `extensions.sqlStatements` how many SQL
 * statements a request ran; a page of 50 must run as many as a page of 5.
 */
describe('SQL statements per request (SQL_STATS=1)', () => {
  let server: ConventioProcess;
  let admin: string;
  let halde: string;

  const counted = async <T>(token: string, query: string, first: number) => {
    const result = (await server.graphql<T>(token, query, { first })) as Counted<T>;
    expect(result.errors).toBeUndefined();
    return { data: result.data!, statements: result.extensions?.sqlStatements };
  };

  beforeAll(async () => {
    server = await ConventioProcess.start({ SQL_STATS: '1' });
    let amf: string;
    [admin, halde, amf] = await Promise.all([
      server.token('admin', 'Administrateur'),
      server.token('representative', 'Jeannette Bougrab', 'halde'),
      server.token('representative', 'Jacques Pélissard', 'amf'),
    ]);
    // 60 conventions: a third ACTIVE (HALDE–AMF, signed by both), the others DRAFT.
    const workflows = ['halde-amf-2010', 'cget-defenseur-des-droits-2015', 'charte-diversite-cnml-2009'];
    for (let i = 0; i < 60; i++) {
      const workflowId = workflows[i % workflows.length]!;
      const { createConvention } = await server.ok<{ createConvention: { convention: { id: string } } }>(
        admin,
        'mutation($w: ID!) { createConvention(input: { workflowId: $w }) { convention { id } } }',
        { w: workflowId },
      );
      if (workflowId !== 'halde-amf-2010') continue;
      for (const token of [halde, amf]) {
        await server.ok(
          token,
          'mutation($id: ID!) { signConvention(input: { conventionId: $id }) { convention { status } } }',
          { id: createConvention.convention.id },
        );
      }
    }
  }, 60_000);

  afterAll(async () => {
    await server.dispose();
  });

  it('counts the statements of each request', async () => {
    const me = await counted<{ me: { id: string } }>(admin, '{ me { id } }', 1);
    expect(me.statements).toBe(1); // the token lookup
  });

  it('reads a page of 50 conventions with their commitments and allowedActions in as many statements as a page of 5', async () => {
    const [fiveOfAll, fiftyOfAll] = [
      await counted<ConventionPage>(admin, CONVENTIONS, 5),
      await counted<ConventionPage>(admin, CONVENTIONS, 50),
    ];
    expect(fiftyOfAll.data.conventions.edges).toHaveLength(50);
    expect(fiftyOfAll.statements).toBe(fiveOfAll.statements);
    // The HALDE reads its 20 conventions only: the page holds all of them.
    const five = await counted<ConventionPage>(halde, CONVENTIONS, 5);
    const fifty = await counted<ConventionPage>(halde, CONVENTIONS, 50);
    expect(five.data.conventions.edges).toHaveLength(5);
    expect(fifty.data.conventions.edges).toHaveLength(20);
    const nodes = fifty.data.conventions.edges.map((e) => e.node);
    expect(nodes.every((n) => n.commitments.length > 0)).toBe(true);
    expect(nodes.some((n) => n.status === 'ACTIVE')).toBe(true);
    expect(nodes.some((n) => n.allowedActions.length > 0)).toBe(true);
    expect(five.statements).toBeGreaterThan(0);
    expect(fifty.statements).toBe(five.statements);
    expect(fifty.statements).toBeLessThanOrEqual(8);
  });

  it('reads a page of 50 commitments with their convention and allowedActions in as many statements as a page of 5', async () => {
    const five = await counted<CommitmentPage>(halde, COMMITMENTS, 5);
    const fifty = await counted<CommitmentPage>(halde, COMMITMENTS, 50);
    expect(five.data.commitments.edges).toHaveLength(5);
    expect(fifty.data.commitments.edges).toHaveLength(50);
    expect(new Set(fifty.data.commitments.edges.map((e) => e.node.convention.id)).size).toBeGreaterThan(1);
    expect(five.statements).toBeGreaterThan(0);
    expect(fifty.statements).toBe(five.statements);
    expect(fifty.statements).toBeLessThanOrEqual(8);
  });
});

describe('SQL statements per transition (SQL_STATS=1)', () => {
  let server: ConventioProcess;

  beforeAll(async () => {
    server = await ConventioProcess.start({ SQL_STATS: '1' });
  });

  afterAll(async () => {
    await server.dispose();
  });

  /**
   * Every statement of a write is a round trip to PostgreSQL, where the transition's CPU goes
   * (bench:pg): the count of markCommitmentDone is pinned, so that one more is a decision.
   */
  it('runs markCommitmentDone in a known number of statements', async () => {
    const [admin, halde, amf] = await Promise.all([
      server.token('admin', 'Administrateur'),
      server.token('representative', 'Jeannette Bougrab', 'halde'),
      server.token('representative', 'Jacques Pélissard', 'amf'),
    ]);
    const { createConvention } = await server.ok<{ createConvention: { convention: { id: string } } }>(
      admin,
      'mutation { createConvention(input: { workflowId: "halde-amf-2010" }) { convention { id } } }',
    );
    const id = createConvention.convention.id;
    for (const token of [halde, amf]) {
      await server.ok(
        token,
        'mutation($id: ID!) { signConvention(input: { conventionId: $id }) { convention { id } } }',
        {
          id,
        },
      );
    }
    const done = (await server.graphql(
      halde,
      'mutation($c: ID!) { markCommitmentDone(input: { commitmentId: $c, note: "fait" }) { commitment { status } } }',
      { c: `${id}:halde-shares-information` },
    )) as Counted<unknown>;
    expect(done.errors).toBeUndefined();
    // PostgreSQL: token; START; stream lock with row + heads + pending deadlines and reminders +
    // the parties' contacts and webhooks (one function call); the projection (convention,
    // commitment, owners) with the staged append (one statement); COMMIT. SQLite: no stream lock,
    // the pending deadlines + reminders and the contacts + webhooks apart, the projection in 3
    // statements, a savepoint and its release, MAX(sequence), the insert and the count upsert in
    // place of the staged append (bench/README.md lists them).
    expect(done.extensions?.sqlStatements).toBe(server.store.dialect === 'postgres' ? 5 : 14);
    // PostgreSQL waits three times: the token; START with the lock call; the append with COMMIT
    // (the connections pipeline). SQLite's statements are in-process calls, each its own.
    expect(done.extensions?.sqlRoundTrips).toBe(server.store.dialect === 'postgres' ? 3 : 14);

    /**
     * verifyHistory: the token, the convention's row, its stream, its commitments, and the log
     * check against the checkpoints (what was appended since the last check, the log's count and
     * head, the checkpoints signed since). On SQLite the log check begins with the file's
     * `data_version`, and is not read again while no commit reached the file since the last one.
     */
    const auditor = await server.token('auditor', 'Cour des comptes');
    const verify = async (eventCount: number) => {
      const result = (await server.graphql(
        auditor,
        'query($id: ID!) { verifyHistory(conventionId: $id) { valid eventCount } }',
        { id },
      )) as Counted<{ verifyHistory: { valid: boolean; eventCount: number } }>;
      expect(result.errors).toBeUndefined();
      expect(result.data!.verifyHistory).toEqual({ valid: true, eventCount });
      return result.extensions?.sqlStatements;
    };
    const postgres = server.store.dialect === 'postgres';
    expect(await verify(5)).toBe(postgres ? 7 : 8);
    expect(await verify(5)).toBe(postgres ? 7 : 5);
    // A commit (a transition by the server's own writer) makes the next check read the log.
    await server.ok(
      amf,
      'mutation($c: ID!) { markCommitmentDone(input: { commitmentId: $c, note: "fait" }) { commitment { status } } }',
      { c: `${id}:amf-relays-information` },
    );
    expect(await verify(6)).toBe(postgres ? 7 : 8);
    expect(await verify(6)).toBe(postgres ? 7 : 5);
  });
});

describe('SQL statement counting is off by default', () => {
  let server: ConventioProcess;

  beforeAll(async () => {
    server = await ConventioProcess.start();
  });

  afterAll(async () => {
    await server.dispose();
  });

  it('adds no sqlStatements extension without SQL_STATS=1', async () => {
    const admin = await server.token('admin', 'Administrateur');
    const result = (await server.graphql(admin, '{ me { id } }')) as Counted<unknown>;
    expect(result.errors).toBeUndefined();
    expect(result.extensions?.sqlStatements).toBeUndefined();
  });
});
