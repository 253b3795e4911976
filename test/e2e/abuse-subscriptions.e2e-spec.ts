import { readFileSync } from 'node:fs';
import WebSocket from 'ws';
import { ConventioProcess, errorCode, GraphQLResponse } from '../support/conventio-process';
import { Closure, grace, LiveClient, LiveSubscription } from '../support/live-client';

/** The documented defaults (README, "Live updates"): the server runs with them. */
const PER_SOCKET = 20;
const PER_TOKEN = 50;
const SOCKETS_PER_TOKEN = 10;
const INIT_TIMEOUT_MS = 3_000;
/** Resident memory the server may reach after 200 websockets without a token (it starts near 150 MB). */
const RSS_BOUND_MB = 300;

const CONVENTION_CHANGED = 'subscription($id: ID!) { conventionChanged(id: $id) { id version } }';
const SIGN = 'mutation($id: ID!) { signConvention(input: { conventionId: $id }) { convention { status } } }';
const CREATE = 'mutation { createConvention(input: { workflowId: "halde-amf-2010" }) { convention { id } } }';

type Changed = { conventionChanged: { id: string; version: number } };
type Errors = NonNullable<GraphQLResponse['errors']>;

function rssMb(pid: number): number {
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Number(kb) / 1024;
}

/** A bare websocket speaking graphql-transport-ws, for a client that does not follow the protocol. */
function rawSocket(httpUrl: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(httpUrl.replace(/^http/, 'ws'), 'graphql-transport-ws');
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
}

function closeOf(socket: WebSocket): Promise<Closure & { afterMs: number }> {
  const opened = performance.now();
  return new Promise((resolve) =>
    socket.once('close', (code, reason) =>
      resolve({ code, reason: reason.toString(), afterMs: performance.now() - opened }),
    ),
  );
}

/** The errors a refused subscription failed with. */
async function refusal(subscription: LiveSubscription<unknown>): Promise<Errors> {
  await subscription.end();
  expect(subscription.messages).toEqual([]);
  return subscription.failure as Errors;
}

describe('Subscriptions that cannot be abused', () => {
  let server: ConventioProcess;
  let admin: string;
  let auditor: string;
  let halde: string;
  let amf: string;
  const clients: LiveClient[] = [];

  const connect = async (token: string) => {
    const client = await LiveClient.connect(server.url, token);
    clients.push(client);
    return client;
  };

  /** A convention nobody follows yet: its first signature is version 2, the second makes it ACTIVE at 4. */
  const freshId = async () =>
    (await server.ok<{ createConvention: { convention: { id: string } } }>(admin, CREATE)).createConvention
      .convention.id;

  beforeAll(async () => {
    server = await ConventioProcess.start({ CLOCK: 'manual', CLOCK_START: '2010-06-24T08:00:00Z' });
    ({ admin, auditor, halde, amf } = await server.haldeAmfTokens());
  });

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.close()));
  });

  afterAll(async () => {
    await server?.dispose();
  });

  it('closes a connection_init without a valid token (missing, unknown or revoked) with 4401', async () => {
    const revoked = await server.issueToken('auditor', 'Ancien auditeur');
    await server.cli('token', 'revoke', revoked.id);
    for (const token of [null, 'cvt_not-a-token', revoked.secret]) {
      const closure = await LiveClient.refused(server.url, token);
      expect(closure.code).toBe(4401);
      expect(closure.reason).toMatch(/Unauthorized/);
    }
    // A valid token is acknowledged.
    await connect(auditor);
  });

  it('closes a websocket whose message is larger than an HTTP body may be (1 MiB), before reading it whole', async () => {
    const socket = await rawSocket(server.url);
    const closed = closeOf(socket);
    // A connection_init of 2 MiB: rejected while it is received, with 1009 (message too big).
    socket.send(
      JSON.stringify({ type: 'connection_init', payload: { padding: 'x'.repeat(2 * 1024 * 1024) } }),
    );
    expect((await closed).code).toBe(1009);
    // A message under the bound is read as usual: here a connection_init without a token (4401).
    const small = await rawSocket(server.url);
    const refused = closeOf(small);
    small.send(JSON.stringify({ type: 'connection_init', payload: { padding: 'x'.repeat(512 * 1024) } }));
    expect((await refused).code).toBe(4401);
    expect(errorCode(await server.graphql(auditor, '{ me { name } }'))).toBeUndefined();
  });

  it(`closes a websocket that sends no connection_init within ${INIT_TIMEOUT_MS} ms (4408)`, async () => {
    const closure = await closeOf(await rawSocket(server.url));
    expect(closure.code).toBe(4408);
    expect(closure.afterMs).toBeGreaterThanOrEqual(INIT_TIMEOUT_MS - 100);
    expect(closure.afterMs).toBeLessThan(INIT_TIMEOUT_MS + 1_000);
  });

  it(`accepts ${PER_SOCKET} subscriptions on one websocket, refuses one more, and a completed one frees its slot`, async () => {
    const id = await freshId();
    const client = await connect(auditor);
    const admitted = Array.from({ length: PER_SOCKET }, () =>
      client.subscribeNow<Changed>(CONVENTION_CHANGED, { id }),
    );
    await grace();
    const [error] = await refusal(client.subscribeNow(CONVENTION_CHANGED, { id }));
    expect(error?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(error?.message).toMatch(new RegExp(`at most ${PER_SOCKET} .*LIVE_SUBSCRIPTIONS_PER_SOCKET`));

    // The others keep working.
    expect(admitted.filter((s) => s.ended)).toEqual([]);
    await server.ok(amf, SIGN, { id });
    for (const subscription of admitted) {
      expect((await subscription.next()).data?.conventionChanged).toEqual({ id, version: 2 });
    }

    admitted[0]!.stop();
    await grace(100);
    const again = client.subscribeNow<Changed>(CONVENTION_CHANGED, { id });
    await grace();
    expect(again.ended).toBe(false);
    await server.ok(halde, SIGN, { id });
    expect((await again.next()).data?.conventionChanged).toEqual({ id, version: 4 });
  });

  it(`accepts ${PER_TOKEN} subscriptions of one token across websockets, refuses one more, and a closed websocket frees its slots`, async () => {
    const id = await freshId();
    const token = await server.token('auditor', 'Auditeur pressé');
    const sockets = await Promise.all([connect(token), connect(token), connect(token)]);
    const sizes = [PER_SOCKET, PER_SOCKET, PER_TOKEN - 2 * PER_SOCKET];
    const admitted = sockets.flatMap((socket, i) =>
      Array.from({ length: sizes[i]! }, () => socket.subscribeNow<Changed>(CONVENTION_CHANGED, { id })),
    );
    await grace();
    expect(admitted).toHaveLength(PER_TOKEN);
    for (const socket of [sockets[2]!, await connect(token)]) {
      const [error] = await refusal(socket.subscribeNow(CONVENTION_CHANGED, { id }));
      expect(error?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(error?.message).toMatch(new RegExp(`at most ${PER_TOKEN} .*LIVE_SUBSCRIPTIONS_PER_TOKEN`));
    }
    // Another token is not affected.
    const other = (await connect(auditor)).subscribeNow<Changed>(CONVENTION_CHANGED, { id });

    await sockets[0]!.close();
    await grace();
    const freed = sockets[2]!.subscribeNow<Changed>(CONVENTION_CHANGED, { id });
    await grace();
    expect(freed.ended).toBe(false);
    await server.ok(amf, SIGN, { id });
    for (const subscription of [...admitted.slice(PER_SOCKET), freed, other]) {
      expect((await subscription.next()).data?.conventionChanged).toEqual({ id, version: 2 });
    }
  });

  it(`accepts ${SOCKETS_PER_TOKEN} websockets of one token and closes one more with 4403`, async () => {
    const token = await server.token('auditor', 'Auditeur multiple');
    const sockets = await Promise.all(Array.from({ length: SOCKETS_PER_TOKEN }, () => connect(token)));
    const closure = await LiveClient.refused(server.url, token);
    expect(closure.code).toBe(4403);
    expect(closure.reason).toMatch(new RegExp(`at most ${SOCKETS_PER_TOKEN} websockets per token`));
    await sockets[0]!.close();
    await grace(100);
    await connect(token);
  });

  it('closes the websockets of a token revoked with the CLI within a second (4401), and delivers it nothing more', async () => {
    const { id: tokenId, secret } = await server.issueToken('representative', 'Stagiaire', 'amf');
    const id = await freshId();
    const sockets = await Promise.all([connect(secret), connect(secret)]);
    const followed = sockets.map((socket) => socket.subscribeNow<Changed>(CONVENTION_CHANGED, { id }));
    await grace();

    const started = performance.now();
    await server.cli('token', 'revoke', tokenId);
    const revoked = performance.now();
    const closures = await Promise.all(sockets.map((socket) => socket.closed(2_000)));
    const closedAfter = performance.now() - revoked;
    for (const closure of closures)
      expect(closure).toEqual({ code: 4401, reason: 'Unauthorized: the token was revoked' });
    expect(closedAfter).toBeLessThan(1_000);
    console.log(
      `revocation: websockets closed ${closedAfter.toFixed(0)} ms after the CLI exited ` +
        `(${(performance.now() - started).toFixed(0)} ms after it was started)`,
    );

    await server.ok(amf, SIGN, { id });
    await grace();
    for (const subscription of followed) expect(subscription.messages).toEqual([]);
    expect((await LiveClient.refused(server.url, secret)).code).toBe(4401);
  });

  it('stays healthy under 200 websockets without a token: all closed, queries answered, memory bounded', async () => {
    const pid = server.pid!;
    const rssBefore = rssMb(pid);
    const sockets = await Promise.all(Array.from({ length: 200 }, () => rawSocket(server.url)));
    const closures = sockets.map(closeOf);
    // Half ask to be acknowledged without a token; the other half say nothing at all.
    sockets.forEach((socket, i) => {
      if (i % 2 === 0) socket.send(JSON.stringify({ type: 'connection_init', payload: {} }));
    });
    const during = await server.ok<{ me: { role: string } }>(auditor, '{ me { role } }');
    expect(during.me.role).toBe('AUDITOR');
    const rssPeak = rssMb(pid);

    const closed = await Promise.all(closures);
    expect(closed.filter((c, i) => i % 2 === 0 && c.code !== 4401)).toEqual([]);
    expect(closed.filter((c, i) => i % 2 === 1 && c.code !== 4408)).toEqual([]);
    expect(Math.max(...closed.map((c) => c.afterMs))).toBeLessThan(INIT_TIMEOUT_MS + 1_000);

    const after = await server.ok<{ me: { role: string } }>(auditor, '{ me { role } }');
    expect(after.me.role).toBe('AUDITOR');
    const rssAfter = rssMb(pid);
    console.log(
      `200 websockets without a token: RSS ${rssBefore.toFixed(1)} MB before, ${rssPeak.toFixed(1)} MB with ` +
        `them open, ${rssAfter.toFixed(1)} MB after they were closed`,
    );
    expect(rssAfter).toBeLessThan(RSS_BOUND_MB);
  }, 20_000);
});
