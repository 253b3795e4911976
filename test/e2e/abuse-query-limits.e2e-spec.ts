import { readFileSync } from 'node:fs';
import { getIntrospectionQuery } from 'graphql';
import { ConventioProcess, errorCode, GraphQLResponse } from '../support/conventio-process';
import { LiveClient } from '../support/live-client';

/** What a client must never see in an error, and the server must not log for a client's fault. */
const INTERNALS = /stacktrace|at \w+ \(|node_modules|dist\//;

/** The RSS of the server after the abuse below; it idles at about 160 MB and dies at 4 GB unprotected. */
const RSS_BOUND_MB = 400;

const HEAVY_PAGE =
  'conventions(first: 50) { edges { node { allowedActions commitments { allowedActions } } } }';

type Counted = GraphQLResponse & { extensions?: { sqlStatements?: number } };

function aliases(count: number, field: string): string {
  return `{ ${Array.from({ length: count }, (_, i) => `a${i}: ${field}`).join(' ')} }`;
}

/**
 * A valid document of exactly `tokens` tokens: fragments of one field each (9 tokens with their
 * spread), then `__typename`s. Repeating one field instead would trip graphql-js's own budget
 * for comparing fields before the token limit.
 */
function documentOf(tokens: number): string {
  const fragments = Math.floor((tokens - 2) / 9);
  const names = Array.from({ length: fragments }, (_, i) => `f${i}`);
  const padding = '__typename '.repeat(tokens - 2 - 9 * fragments);
  return `{ ${names.map((n) => `...${n}`).join(' ')} ${padding}} ${names.map((n) => `fragment ${n} on Query { now }`).join(' ')}`;
}

function rssMb(pid: number): number {
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Number(kb) / 1024;
}

describe('GraphQL limits: expensive documents are refused before they run', () => {
  let server: ConventioProcess;
  let admin: string;
  let halde: string;

  /** A request that the limits must refuse: its code and message, and that it ran no SQL but the token lookup. */
  const refused = async (token: string | null, query: string, variables: Record<string, unknown> = {}) => {
    const started = performance.now();
    const result = (await server.graphql(token, query, variables)) as Counted;
    const ms = performance.now() - started;
    expect(result.data ?? null).toBeNull();
    expect(result.extensions?.sqlStatements).toBeLessThanOrEqual(token ? 1 : 0);
    expect(JSON.stringify(result)).not.toMatch(INTERNALS);
    return { code: errorCode(result), message: result.errors?.[0]?.message ?? '', ms };
  };

  const conventionCount = async () =>
    (await server.ok<{ conventions: { totalCount: number } }>(admin, '{ conventions { totalCount } }'))
      .conventions.totalCount;

  beforeAll(async () => {
    server = await ConventioProcess.start({ SQL_STATS: '1' });
    [admin, halde] = await Promise.all([
      server.token('admin', 'Administrateur'),
      server.token('representative', 'Jeannette Bougrab', 'halde'),
    ]);
    // 100 conventions of 9 to 13 commitments each: what the unprotected server died of.
    const workflows = ['halde-amf-2010', 'cget-defenseur-des-droits-2015', 'charte-diversite-cnml-2009'];
    for (let i = 0; i < 100; i++) {
      await server.ok(
        admin,
        'mutation($w: ID!) { createConvention(input: { workflowId: $w }) { convention { id } } }',
        {
          w: workflows[i % workflows.length],
        },
      );
    }
  }, 120_000);

  afterAll(async () => {
    await server.dispose();
  });

  describe('abusive documents', () => {
    it('refuses the alias bomb: 1,000 aliases of a page of 50 conventions with their allowed actions', async () => {
      const refusal = await refused(halde, aliases(1_000, HEAVY_PAGE));
      expect(refusal).toMatchObject({
        code: 'BAD_USER_INPUT',
        message: 'document exceeds the limit of 1,000 tokens (QUERY_MAX_TOKENS)',
      });
      expect(refusal.ms).toBeLessThan(2_000);
    });

    it('refuses 20 aliases of the heavy page by their cost, though one alone is accepted', async () => {
      const refusal = await refused(halde, aliases(20, HEAVY_PAGE));
      expect(refusal.code).toBe('BAD_USER_INPUT');
      expect(refusal.message).toBe('query cost 163,020 exceeds the limit of 10,000 (QUERY_MAX_COST)');
      await server.ok(halde, `{ ${HEAVY_PAGE} }`);
    });

    it('refuses the Commitment.convention ⇄ Convention.commitments cycle: too deep, or priced out', async () => {
      const threeTurns = `{ conventions(first: 100) { edges { node { commitments { convention { commitments {
        convention { commitments { convention { id } } } } } } } } } }`;
      expect(await refused(halde, threeTurns)).toMatchObject({
        code: 'BAD_USER_INPUT',
        message: 'query depth exceeds the limit of 8 (QUERY_MAX_DEPTH)',
      });
      const twoTurns = `{ conventions(first: 100) { edges { node { commitments { convention { commitments {
        convention { id } } } } } } } }`;
      const priced = await refused(halde, twoTurns);
      expect(priced.code).toBe('BAD_USER_INPUT');
      expect(priced.message).toMatch(/^query cost [\d,]+ exceeds the limit of 10,000 \(QUERY_MAX_COST\)$/);
    });

    it('refuses 400 introspections in one document without a token', async () => {
      const refusal = await refused(null, aliases(400, '__schema { types { name fields { name } } }'));
      expect(refusal.code).toBe('BAD_USER_INPUT');
      expect(refusal.ms).toBeLessThan(2_000);
    });

    it('refuses an oversized document by its tokens, before building it', async () => {
      const refusal = await refused(halde, `{ ${'now '.repeat(50_000)}}`);
      expect(refusal).toMatchObject({
        code: 'BAD_USER_INPUT',
        message: 'document exceeds the limit of 1,000 tokens (QUERY_MAX_TOKENS)',
      });
    });

    it('answers a refusal with HTTP 400, or 401 for introspection without a token, never 500', async () => {
      const status = async (token: string | null, query: string) =>
        (
          await fetch(server.url, {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              ...(token ? { authorization: `Bearer ${token}` } : {}),
            },
            body: JSON.stringify({ query }),
          })
        ).status;
      expect(await status(halde, aliases(20, HEAVY_PAGE))).toBe(400);
      expect(await status(halde, aliases(31, 'now'))).toBe(400);
      expect(await status(null, '{ __schema { queryType { name } } }')).toBe(401);
    });

    it('still answers afterwards, with its memory under the bound', async () => {
      expect((await server.ok<{ me: { role: string } }>(halde, '{ me { role } }')).me.role).toBe(
        'REPRESENTATIVE',
      );
      expect(rssMb(server.pid!)).toBeLessThan(RSS_BOUND_MB);
    });
  });

  describe('at the limits', () => {
    it('accepts 1,000 tokens and refuses 1,001', async () => {
      expect(await server.ok(halde, documentOf(1_000))).toHaveProperty('now');
      expect((await refused(halde, documentOf(1_001))).message).toBe(
        'document exceeds the limit of 1,000 tokens (QUERY_MAX_TOKENS)',
      );
    });

    it('accepts 30 aliases and refuses 31', async () => {
      expect(Object.keys(await server.ok(halde, aliases(30, 'now')))).toHaveLength(30);
      expect(await refused(halde, aliases(31, 'now'))).toMatchObject({
        code: 'BAD_USER_INPUT',
        message: 'number of aliases exceeds the limit of 30 (QUERY_MAX_ALIASES)',
      });
    });

    it('accepts a depth of 8 and refuses 9', async () => {
      const nested = (leaf: string) =>
        `{ commitments(first: 1) { edges { node { convention { commitments { convention { commitments { ${leaf} } } } } } } } }`;
      await server.ok(halde, nested('id'));
      expect(await refused(halde, nested('convention { id }'))).toMatchObject({
        code: 'BAD_USER_INPUT',
        message: 'query depth exceeds the limit of 8 (QUERY_MAX_DEPTH)',
      });
    });

    it('accepts 10 directives and refuses 11', async () => {
      const directives = (n: number) => aliases(n, 'now @include(if: true)');
      await server.ok(halde, directives(10));
      expect(await refused(halde, directives(11))).toMatchObject({
        code: 'BAD_USER_INPUT',
        message: 'number of directives exceeds the limit of 10 (QUERY_MAX_DIRECTIVES)',
      });
    });

    it("accepts the README's heaviest query up to the page that fits the cost, and refuses the next", async () => {
      // 1 + first × 216: 9,937 for 46 conventions, 10,153 for 47.
      const readme = (
        first: number,
      ) => `query { conventions(first: ${first}) { totalCount edges { node { id status
        noticeDeadline term { number startsOn endsOn } allowedActions commitments { key status dueOn allowedActions } } } } }`;
      // The admin reads all 100 conventions (HALDE only its own), so the page is full.
      const data = await server.ok<{ conventions: { edges: unknown[] } }>(admin, readme(46));
      expect(data.conventions.edges).toHaveLength(46);
      expect(await refused(admin, readme(47))).toMatchObject({
        code: 'BAD_USER_INPUT',
        message: 'query cost 10,153 exceeds the limit of 10,000 (QUERY_MAX_COST)',
      });
    });

    it('prices a page size given as a variable on each request, after the same document was accepted', async () => {
      const readme = `query($n: Int) { conventions(first: $n) { totalCount edges { node { id status
        noticeDeadline term { number startsOn endsOn } allowedActions commitments { key status dueOn allowedActions } } } } }`;
      await server.ok(admin, readme, { n: 46 });
      expect(await refused(admin, readme, { n: 47 })).toMatchObject({
        code: 'BAD_USER_INPUT',
        message: 'query cost 10,153 exceeds the limit of 10,000 (QUERY_MAX_COST)',
      });
      const included = `query($x: Boolean!) { conventions(first: 46) { edges { node { id
        ... @include(if: $x) { allowedActions commitments { allowedActions } } } } } a: conventions(first: 46) {
        edges { node { ... @include(if: $x) { allowedActions commitments { allowedActions } } } } } }`;
      await server.ok(admin, included, { x: false });
      expect((await refused(admin, included, { x: true })).message).toMatch(
        /^query cost [\d,]+ exceeds the limit/,
      );
    });

    it('refuses missing or mistyped variables with BAD_USER_INPUT once their document is priced, and changes nothing', async () => {
      const create =
        'mutation($w: ID!) { createConvention(input: { workflowId: $w }) { convention { id } } }';
      await server.ok(admin, create, { w: 'halde-amf-2010' });
      const before = await conventionCount();
      for (const variables of [{}, { w: null }, { w: ['halde-amf-2010'] }, { w: { id: 'halde-amf-2010' } }]) {
        const response = await fetch(server.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
          body: JSON.stringify({ query: create, variables }),
        });
        const result = (await response.json()) as Counted;
        expect(response.status).toBe(400);
        expect(errorCode(result)).toBe('BAD_USER_INPUT');
        expect(result.data ?? null).toBeNull();
        expect(JSON.stringify(result)).not.toMatch(INTERNALS);
      }
      expect(await conventionCount()).toBe(before);
    });
  });

  describe('introspection', () => {
    it('needs a token for __schema and __type; __typename alone is harmless', async () => {
      for (const query of [
        '{ __schema { queryType { name } } }',
        '{ __type(name: "Convention") { name } }',
      ]) {
        expect(await refused(null, query)).toMatchObject({
          code: 'UNAUTHENTICATED',
          message: 'introspection (__schema, __type) needs a valid bearer token',
        });
      }
      expect(await server.ok(null, '{ __typename }')).toEqual({ __typename: 'Query' });
    });

    it('answers the full introspection query to a token: it fits the limits', async () => {
      const data = await server.ok<{ __schema: { types: unknown[] } }>(halde, getIntrospectionQuery());
      expect(data.__schema.types.length).toBeGreaterThan(50);
    });

    it('names no field of the schema in validation errors', async () => {
      const result = await server.graphql(halde, '{ conventionz { totalCount } }');
      expect(errorCode(result)).toBe('BAD_USER_INPUT');
      expect(result.errors?.[0]?.message).toBe('Cannot query field "conventionz" on type "Query".');
    });

    it('serves no GraphiQL page unless configured', async () => {
      const page = await fetch(server.url, { headers: { accept: 'text/html' } });
      expect(page.headers.get('content-type') ?? '').not.toMatch(/text\/html/);
    });
  });

  describe('mutations: what committed is never hidden', () => {
    const CREATE = (alias: string) =>
      `${alias}: createConvention(input: { workflowId: "halde-amf-2010" }) { convention { id } }`;

    it('refuses a document of two mutations and runs neither', async () => {
      const before = await conventionCount();
      const refusal = await refused(admin, `mutation { ${CREATE('a')} ${CREATE('b')} }`);
      expect(refusal).toMatchObject({
        code: 'BAD_USER_INPUT',
        message:
          'an operation may run one mutation, found 2: send each in its own request to learn what each did',
      });
      const throughFragment = `mutation { ${CREATE('a')} ...more } fragment more on Mutation { ${CREATE('b')} }`;
      expect((await refused(admin, throughFragment)).code).toBe('BAD_USER_INPUT');
      expect(await conventionCount()).toBe(before);
    });

    it('runs one mutation per document and reports its result', async () => {
      const before = await conventionCount();
      const data = await server.ok<{ a: { convention: { id: string } } }>(
        admin,
        `mutation { ${CREATE('a')} __typename }`,
      );
      expect(data.a.convention.id).toEqual(expect.any(String));
      expect(await conventionCount()).toBe(before + 1);
    });
  });

  describe('persisted queries', () => {
    it('answers a hash mismatch and an unknown hash with BAD_USER_INPUT, and logs no stack', async () => {
      const post = async (body: unknown) =>
        (await (
          await fetch(server.url, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${halde}` },
            body: JSON.stringify(body),
          })
        ).json()) as GraphQLResponse;
      const persistedQuery = { version: 1, sha256Hash: 'ab'.repeat(32) };
      const mismatch = await post({ query: '{ me { role } }', extensions: { persistedQuery } });
      const unknown = await post({ extensions: { persistedQuery } });
      expect(mismatch.errors?.[0]).toEqual({
        message: 'provided sha does not match query',
        extensions: { code: 'BAD_USER_INPUT' },
      });
      expect(errorCode(unknown)).toBe('BAD_USER_INPUT');
      expect(server.logs).not.toMatch(/sha does not match|at \w+ \(/);
    });
  });

  describe('over graphql-ws', () => {
    it('holds subscriptions and websocket queries to the same limits', async () => {
      // (A websocket without a token never gets this far: it is closed at connection_init, 4401.)
      const client = await LiveClient.connect(server.url, halde);
      try {
        const failure = async (live: LiveClient, query: string) => {
          const subscription = await live.subscribe<unknown>(query);
          await subscription.end();
          const errors = (subscription.failure ??
            subscription.messages[0]?.errors) as GraphQLResponse['errors'];
          return { code: errors?.[0]?.extensions?.code, message: errors?.[0]?.message };
        };
        const cycle = (leaf: string) =>
          `subscription { conventionChanged(id: "x") { commitments { convention { commitments { convention { commitments { ${leaf} } } } } } } }`;
        expect(await failure(client, cycle('convention { commitments { id } }'))).toEqual({
          code: 'BAD_USER_INPUT',
          message: 'query depth exceeds the limit of 8 (QUERY_MAX_DEPTH)',
        });
        const priced = await failure(client, cycle('allowedActions'));
        expect(priced.code).toBe('BAD_USER_INPUT');
        expect(priced.message).toMatch(/^query cost [\d,]+ exceeds the limit of 10,000 \(QUERY_MAX_COST\)$/);
        expect(await failure(client, `{ ${'now '.repeat(1_000)}}`)).toEqual({
          code: 'BAD_USER_INPUT',
          message: 'document exceeds the limit of 1,000 tokens (QUERY_MAX_TOKENS)',
        });
      } finally {
        await client.close();
      }
    });
  });
});

describe('GraphQL limits: configured', () => {
  let server: ConventioProcess;
  let auditor: string;

  beforeAll(async () => {
    server = await ConventioProcess.start({ QUERY_MAX_COST: '302', GRAPHIQL: 'true' });
    auditor = await server.token('auditor', 'Cour des comptes');
  }, 60_000);

  afterAll(async () => {
    await server.dispose();
  });

  it('accepts a cost at the limit and refuses one unit more', async () => {
    // 1 + 100 × (edges 1 + node 1 + id 1) = 301; `now` adds 1.
    const page = 'conventions(first: 100) { edges { node { id } } }';
    await server.ok(auditor, `{ ${page} now }`);
    const result = await server.graphql(auditor, `{ ${page} now a: now }`);
    expect(errorCode(result)).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.message).toBe('query cost 303 exceeds the limit of 302 (QUERY_MAX_COST)');
  });

  it('serves GraphiQL when GRAPHIQL=true', async () => {
    const page = await fetch(server.url, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(await page.text()).toMatch(/graphiql/i);
  });
});
