import Sqlite from 'better-sqlite3';
import { statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import WebSocket from 'ws';
import { ConventioProcess, errorCode } from '../support/conventio-process';
import { metricValue } from '../support/metrics-text';
import { withDatabase } from '../support/postgres';

const CREATE = 'mutation { createConvention(input: { workflowId: "halde-amf-2010" }) { convention { id } } }';
const SIGN = 'mutation($id: ID!) { signConvention(input: { conventionId: $id }) { convention { status } } }';
const COMMITMENTS = 'query($id: ID!) { convention(id: $id) { commitments { id owners } } }';
const MARK = `mutation MarkItDone($c: ID!, $note: String) {
  markCommitmentDone(input: { commitmentId: $c, note: $note }) { commitment { status } } }`;

interface LogLine {
  level: number;
  msg: string;
  requestId?: string;
  tokenId?: string | null;
  operation?: string | null;
  rootField?: string | null;
  path?: string;
  status?: number;
  code?: string;
  durationMs?: number;
  err?: { stack?: string };
}

function logLines(server: ConventioProcess): LogLine[] {
  return server.logs
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as LogLine);
}

async function until<T>(
  find: () => T | undefined | Promise<T | undefined>,
  what: string,
  timeoutMs = 3_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await find();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function base(server: ConventioProcess): string {
  return server.url.replace(/\/graphql$/, '');
}

async function post(
  server: ConventioProcess,
  token: string | null,
  query: string,
  headers: Record<string, string> = {},
  body: Record<string, unknown> = {},
): Promise<Response> {
  return fetch(server.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...headers,
    },
    body: JSON.stringify({ query, ...body }),
  });
}

/** Runs one statement on the server's store while it runs (what the API cannot do). */
async function onStore(server: ConventioProcess, statement: string): Promise<void> {
  if (server.store.url) {
    await withDatabase(server.store.url, (client) => client.query(statement));
    return;
  }
  const db = new Sqlite(server.env.DATABASE_PATH!);
  try {
    db.exec(statement);
  } finally {
    db.close();
  }
}

describe('operations: health, logs, metrics, headers, file modes', () => {
  let server: ConventioProcess;
  let admin: string;
  let halde: { id: string; secret: string };
  let amf: string;

  const activeConvention = async (): Promise<string> => {
    const created = await server.ok<{ createConvention: { convention: { id: string } } }>(admin, CREATE);
    const id = created.createConvention.convention.id;
    await server.ok(amf, SIGN, { id });
    await server.ok(halde.secret, SIGN, { id });
    return id;
  };

  beforeAll(async () => {
    server = await ConventioProcess.create({
      CLOCK: 'manual',
      CLOCK_START: '2010-06-24T08:00:00Z',
      GRAPHIQL: 'true',
    });
    // A data folder the server creates itself, to see the modes it gives.
    const fresh = join(server.dir, 'fresh', 'data');
    Object.assign(server.env, {
      DATABASE_PATH: join(fresh, 'conventio.sqlite'),
      AUDIT_KEY_PATH: join(fresh, 'audit-key.pem'),
    });
    await server.boot();
    admin = await server.token('admin', 'Administrateur');
    halde = await server.issueToken('representative', 'Jeannette Bougrab', 'halde');
    amf = await server.token('representative', 'Jacques Pélissard', 'amf');
  });

  afterAll(async () => {
    await server.dispose();
  });

  describe('health', () => {
    it('answers GET /health/live without a token', async () => {
      const response = await fetch(`${base(server)}/health/live`);
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ status: 'ok' });
    });

    it('answers GET /health/ready with each check up, and only its name and state', async () => {
      const response = await fetch(`${base(server)}/health/ready`);
      expect(response.status).toBe(200);
      const body = (await response.json()) as { status: string; details: Record<string, unknown> };
      const expected: Record<string, unknown> = {
        database: { status: 'up' },
        migrations: { status: 'up' },
      };
      if (server.store.dialect === 'postgres') expected.changeListener = { status: 'up' };
      expect(body.status).toBe('ok');
      expect(body.details).toEqual(expected);
    });
  });

  describe('security headers', () => {
    it('sends helmet headers with a strict Content-Security-Policy on POST /graphql', async () => {
      const response = await post(server, admin, '{ me { id } }');
      expect(response.status).toBe(200);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
      expect(response.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      const csp = response.headers.get('content-security-policy');
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain("unsafe-inline' https://unpkg.com");
    });

    it('sends them on every answer: a query that does not parse and a page of the workspace', async () => {
      const refused = await post(server, admin, '{ me { id ');
      expect(refused.status).toBe(400);
      const page = await fetch(`${base(server)}/conventions`);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      for (const response of [refused, page]) {
        expect(response.headers.get('x-content-type-options')).toBe('nosniff');
        expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
        expect(response.headers.get('x-powered-by')).toBeNull();
      }
    });

    it('relaxes the policy only for the GraphiQL page, to the scripts it loads', async () => {
      const response = await fetch(server.url, { headers: { accept: 'text/html' } });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      expect(response.headers.get('content-security-policy')).toContain(
        "script-src 'self' 'unsafe-inline' https://unpkg.com",
      );
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    });
  });

  describe('logs', () => {
    it('writes one line per request with its id, token id, operation, duration and code', async () => {
      const response = await post(server, halde.secret, '{ me { id } }', { 'x-request-id': 'ops-e2e-me-1' });
      expect(response.headers.get('x-request-id')).toBe('ops-e2e-me-1');
      const line = await until(
        () => logLines(server).find((l) => l.requestId === 'ops-e2e-me-1'),
        'the request line',
      );
      expect(line).toMatchObject({
        level: 30,
        msg: 'request',
        tokenId: halde.id,
        rootField: 'query me',
        path: '/graphql',
        status: 200,
        code: 'OK',
      });
      expect(typeof line.durationMs).toBe('number');
      expect(logLines(server).filter((l) => l.requestId === 'ops-e2e-me-1')).toHaveLength(1);
    });

    it('replaces an unfit x-request-id with one of its own', async () => {
      const response = await post(server, admin, '{ me { id } }', { 'x-request-id': 'x'.repeat(300) });
      const id = response.headers.get('x-request-id');
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      await until(() => logLines(server).find((l) => l.requestId === id), 'the request line');
    });

    it('never writes notes, variables or secrets, and logs refusals at info without a stack', async () => {
      const id = await activeConvention();
      const { convention } = await server.ok<{
        convention: { commitments: { id: string; owners: string[] }[] };
      }>(admin, COMMITMENTS, { id });
      const haldeOnly = convention.commitments.find((c) => c.owners.length === 1 && c.owners[0] === 'halde')!;
      const note = 'NOTE-0f3c-confidentielle-do-not-log';

      const refused = await post(
        server,
        amf,
        MARK,
        { 'x-request-id': 'ops-e2e-refused' },
        {
          variables: { c: haldeOnly.id, note },
          operationName: 'MarkItDone',
        },
      );
      expect(errorCode((await refused.json()) as { errors?: { message: string }[] })).toBe('FORBIDDEN');
      const done = await post(
        server,
        halde.secret,
        MARK,
        { 'x-request-id': 'ops-e2e-done' },
        {
          variables: { c: haldeOnly.id, note },
          operationName: 'MarkItDone',
        },
      );
      expect(await done.json()).toEqual({
        data: { markCommitmentDone: { commitment: { status: 'FULFILLED' } } },
      });

      const refusal = await until(
        () => logLines(server).find((l) => l.requestId === 'ops-e2e-refused'),
        'the refusal line',
      );
      expect(refusal).toMatchObject({ level: 30, operation: 'MarkItDone', code: 'FORBIDDEN' });
      const success = await until(
        () => logLines(server).find((l) => l.requestId === 'ops-e2e-done'),
        'the line',
      );
      expect(success).toMatchObject({
        operation: 'MarkItDone',
        rootField: 'mutation markCommitmentDone',
        code: 'OK',
      });

      expect(server.logs).not.toContain(note);
      expect(server.logs).not.toContain(halde.secret);
      expect(server.logs).not.toContain(amf);
      expect(server.logs).not.toMatch(/\n\s+at /);
      expect(logLines(server).filter((l) => l.level >= 50)).toEqual([]);
    });

    it('logs a bad query at info, as BAD_USER_INPUT', async () => {
      const response = await post(server, admin, '{ me { id ', { 'x-request-id': 'ops-e2e-syntax' });
      expect(response.status).toBe(400);
      const line = await until(
        () => logLines(server).find((l) => l.requestId === 'ops-e2e-syntax'),
        'the line',
      );
      expect(line).toMatchObject({ level: 30, code: 'BAD_USER_INPUT' });
    });
    it('logs an unexpected failure once, at error, without SQL, and answers a bare INTERNAL_SERVER_ERROR', async () => {
      const auditor = await server.token('auditor', 'Cour des comptes');
      await onStore(server, 'ALTER TABLE "checkpoints" RENAME TO "checkpoints_away"');
      try {
        const response = await post(server, auditor, '{ latestCheckpoint { size } }', {
          'x-request-id': 'ops-e2e-failure',
        });
        const body = (await response.json()) as {
          errors: { message: string; extensions: { code: string } }[];
        };
        expect(body.errors[0]).toMatchObject({
          message: 'Internal server error',
          extensions: { code: 'INTERNAL_SERVER_ERROR' },
        });
      } finally {
        await onStore(server, 'ALTER TABLE "checkpoints_away" RENAME TO "checkpoints"');
      }
      const line = await until(
        () => logLines(server).find((l) => l.requestId === 'ops-e2e-failure' && l.msg === 'request'),
        'the line',
      );
      expect(line).toMatchObject({ level: 30, code: 'INTERNAL_SERVER_ERROR' });
      const errors = logLines(server).filter((l) => l.level >= 50);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatchObject({ requestId: 'ops-e2e-failure', err: { type: 'QueryFailedError' } });
      expect(errors[0]!.err!.stack).toMatch(/checkpoints/);
      expect(JSON.stringify(errors[0])).not.toMatch(/SELECT|parameters/);
    });
  });

  describe('metrics', () => {
    const scrape = async () => {
      const response = await fetch(`${base(server)}/metrics`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
      return response.text();
    };

    it('counts requests, transitions, deadlines fired, commit groups and the live machines used', async () => {
      const before = await scrape();
      await activeConvention();
      const signed = await scrape();
      const fired = await server.advance(admin, '2011-07-01T00:00:00Z');
      expect(fired.length).toBeGreaterThan(0);
      const after = await scrape();

      const moved = (name: string, labels: Record<string, string> = {}) =>
        metricValue(after, name, labels) - metricValue(before, name, labels);
      // The machine a creation started stays in memory: both signatures (and what the second one
      // made due, fired in its commit) find it at their version, and none is restored.
      const lookups = (outcome: string) =>
        metricValue(signed, 'conventio_live_actors_total', { outcome }) -
        metricValue(before, 'conventio_live_actors_total', { outcome });
      expect(lookups('miss')).toBe(0);
      expect(lookups('hit')).toBeGreaterThanOrEqual(2);
      // Each deadline fired was decided by a machine, kept or restored.
      const decided =
        metricValue(after, 'conventio_live_actors_total') -
        metricValue(signed, 'conventio_live_actors_total');
      expect(decided).toBeGreaterThanOrEqual(fired.length);
      expect(moved('conventio_transitions_total', { event_type: 'CONVENTION_CREATED' })).toBe(1);
      expect(moved('conventio_transitions_total', { event_type: 'SIGNATURE_GIVEN' })).toBe(2);
      expect(moved('conventio_deadlines_fired_total')).toBeGreaterThanOrEqual(fired.length);
      expect(moved('conventio_requests_total', { operation: 'mutation createConvention', code: 'OK' })).toBe(
        1,
      );
      expect(moved('conventio_requests_total', { operation: 'mutation signConvention', code: 'OK' })).toBe(2);
      expect(
        moved('conventio_request_duration_seconds_count', {
          operation: 'mutation signConvention',
          code: 'OK',
        }),
      ).toBe(2);
      if (server.store.dialect === 'sqlite') {
        // Each write is seen through its three waits, in order: queued, its transaction, then durable
        // once its log flush is seen (every write above was answered; a background one may be on its way).
        const writes = (phase: string) => moved('conventio_sqlite_write_seconds_count', { phase });
        expect(writes('durable')).toBeGreaterThanOrEqual(3);
        expect(writes('transaction')).toBeGreaterThanOrEqual(writes('durable'));
        expect(writes('queued')).toBeGreaterThanOrEqual(writes('transaction'));
        expect(moved('conventio_sqlite_write_seconds_sum', { phase: 'transaction' })).toBeGreaterThan(0);
      }
      expect(after).toMatch(/^nodejs_eventloop_lag_seconds \d/m);
    });

    it('reports the memory the benchmark breaks down by phase, array buffers included', async () => {
      const text = await scrape();
      for (const name of [
        'process_resident_memory_bytes',
        'nodejs_heap_size_used_bytes',
        'nodejs_external_memory_bytes',
      ]) {
        expect([name, metricValue(text, name) > 0]).toEqual([name, true]);
      }
      expect(metricValue(text, 'nodejs_heap_space_size_total_bytes', { space: 'new' })).toBeGreaterThan(0);
      expect(metricValue(text, 'conventio_process_array_buffers_bytes')).toBeGreaterThan(0);
    });
  });

  describe('file modes', () => {
    it('creates the data folder 0700, and the store and the audit key 0600', () => {
      const folder = dirname(server.env.AUDIT_KEY_PATH!);
      expect(statSync(folder).mode & 0o777).toBe(0o700);
      expect(statSync(server.env.AUDIT_KEY_PATH!).mode & 0o777).toBe(0o600);
      if (server.store.dialect !== 'sqlite') return;
      for (const suffix of ['', '-wal', '-shm']) {
        expect([suffix, statSync(`${server.env.DATABASE_PATH!}${suffix}`).mode & 0o777]).toEqual([
          suffix,
          0o600,
        ]);
      }
    });
  });

  describe('readiness when the schema is behind', () => {
    it('answers 503 naming the failing check, and is ready again once it is fixed', async () => {
      const name = 'Operations0000000000000';
      const pending = `${base(server)}/health/ready`;
      // A migration the store has not recorded as run: removing the latest's record does that.
      const latest =
        server.store.dialect === 'postgres'
          ? 'PostgresCommitmentCounts1764500000000'
          : 'CommitmentCounts1764500000000';
      await onStore(server, `UPDATE "migrations" SET "name" = '${name}' WHERE "name" = '${latest}'`);
      try {
        const response = await fetch(pending);
        expect(response.status).toBe(503);
        const body = (await response.json()) as Record<string, unknown>;
        expect(body).toMatchObject({ status: 'error', error: { migrations: { status: 'down' } } });
        expect((body.details as Record<string, unknown>).migrations).toEqual({ status: 'down' });
        expect(JSON.stringify(body)).not.toContain(latest);
      } finally {
        await onStore(server, `UPDATE "migrations" SET "name" = '${latest}' WHERE "name" = '${name}'`);
      }
      expect((await fetch(pending)).status).toBe(200);
    });
  });

  (process.env.CONVENTIO_TEST_DATABASE === 'postgres' ? it : it.skip)(
    'is not ready while the change listener reconnects (PostgreSQL)',
    async () => {
      const ready = `${base(server)}/health/ready`;
      await withDatabase(server.store.url!, (client) =>
        client.query(
          "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'conventio-listener' AND datname = current_database()",
        ),
      );
      const down = await until(async () => {
        const response = await fetch(ready);
        return response.status === 503 ? ((await response.json()) as Record<string, unknown>) : undefined;
      }, 'a 503');
      expect(down).toMatchObject({ status: 'error', error: { changeListener: { status: 'down' } } });
      await until(async () => ((await fetch(ready)).status === 200 ? true : undefined), 'ready again', 5_000);
    },
  );
});

describe('operations: rate limits', () => {
  let server: ConventioProcess;
  const PER_TOKEN = 6;
  const ANONYMOUS = 3;

  beforeAll(async () => {
    server = await ConventioProcess.start({
      RATE_LIMIT_PER_MINUTE: String(PER_TOKEN),
      RATE_LIMIT_ANONYMOUS_PER_MINUTE: String(ANONYMOUS),
      METRICS_TOKEN: 'metrics-secret-for-the-scraper',
    });
  });

  afterAll(async () => {
    await server.dispose();
  });

  it('answers 429 with Retry-After and RATE_LIMITED past the limit of a token, and changes nothing', async () => {
    const [admin, auditor] = await Promise.all([
      server.token('admin', 'Administrateur'),
      server.token('auditor', 'Cour des comptes'),
    ]);
    const count = async () =>
      (await server.ok<{ conventions: { totalCount: number } }>(auditor, '{ conventions { totalCount } }'))
        .conventions.totalCount;
    for (let i = 0; i < PER_TOKEN; i++) expect((await post(server, admin, '{ me { id } }')).status).toBe(200);

    const refused = await post(server, admin, CREATE, { 'x-request-id': 'ops-e2e-limited' });
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    const body = (await refused.json()) as {
      data: null;
      errors: { message: string; extensions: { code: string } }[];
    };
    expect(body.data).toBeNull();
    expect(body.errors[0]!.extensions.code).toBe('RATE_LIMITED');
    expect(refused.headers.get('x-content-type-options')).toBe('nosniff');

    // Another token is unaffected, and the refused createConvention created nothing.
    expect(await count()).toBe(0);
    const line = await until(
      () => logLines(server).find((l) => l.requestId === 'ops-e2e-limited'),
      'the request line',
    );
    expect(line).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
  });

  it('limits requests without a valid token per address, more tightly, sparing probes and metrics; upgrades count', async () => {
    // Made-up tokens count against the address too: inventing tokens opens no new bucket.
    for (let i = 0; i < ANONYMOUS; i++) {
      const response = await post(server, i === 0 ? null : `cvt_made-up-${i}`, '{ me { id } }');
      expect(response.status).toBe(200);
      expect(errorCode((await response.json()) as { errors?: { message: string }[] })).toBe(
        'UNAUTHENTICATED',
      );
    }
    const refused = await post(server, 'cvt_made-up-again', '{ me { id } }');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(
      ((await refused.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code,
    ).toBe('RATE_LIMITED');

    for (let i = 0; i < ANONYMOUS + 2; i++) {
      expect((await fetch(`${base(server)}/health/live`)).status).toBe(200);
      expect((await fetch(`${base(server)}/health/ready`)).status).toBe(200);
    }
    const scraped = await fetch(`${base(server)}/metrics`, {
      headers: { authorization: 'Bearer metrics-secret-for-the-scraper' },
    });
    expect(scraped.status).toBe(200);
    expect(await scraped.text()).toContain('code="RATE_LIMITED"');

    // A websocket upgrade (subscriptions) counts as a request of its address too.
    const status = await new Promise<number>((resolve, reject) => {
      const socket = new WebSocket(server.url.replace(/^http/, 'ws'), 'graphql-transport-ws');
      socket.on('unexpected-response', (_request, response) => {
        resolve(response.statusCode ?? 0);
        socket.terminate();
      });
      socket.on('open', () => {
        resolve(101);
        socket.close();
      });
      socket.on('error', reject);
    });
    expect(status).toBe(429);
  });

  it('serves /metrics only with METRICS_TOKEN when it is set', async () => {
    expect((await fetch(`${base(server)}/metrics`)).status).toBe(401);
    const wrong = await fetch(`${base(server)}/metrics`, { headers: { authorization: 'Bearer nope' } });
    expect(wrong.status).toBe(401);
  });
});

describe('operations: LOG_LEVEL', () => {
  it('at warn, still announces its address (what start-up scripts wait for) but writes no request line', async () => {
    const server = await ConventioProcess.start({ LOG_LEVEL: 'warn' });
    try {
      expect((await post(server, null, '{ me { id } }', { 'x-request-id': 'ops-e2e-quiet' })).status).toBe(
        200,
      );
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(logLines(server).map((l) => l.msg)).toEqual([
        expect.stringMatching(/^Conventio GraphQL API on http/),
      ]);
    } finally {
      await server.dispose();
    }
  });
});
