import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { GraphQLClient } from './lib/client';
import { createToken, ServerProcess } from './lib/server';

/**
 * `npm run bench:live [-- 0 1 50 500]`: the server's main-thread CPU per write to a convention
 * followed by K `conventionChanged` subscriptions (with nested fields and `allowedActions`; all
 * the same operation, then each a distinct one), delivery included, and the time from sending a write to its last delivery. Subscriptions are
 * spread over tokens and websockets within the default limits (20 per websocket, 50 per token).
 */

const PER_SOCKET = 20;
const PER_TOKEN = 50;
const CONVENTIONS_PER_K = 3;
const FIELDS = 'id version status allowedActions commitments { id status allowedActions }';
/** The same operation for every subscriber, or a distinct one each (an alias), which none can share. */
const subscription = (distinct: boolean, i: number) =>
  `subscription($id: ID!) { ${distinct ? `s${i}: ` : ''}conventionChanged(id: $id) { ${FIELDS} } }`;
const CREATE = `mutation { createConvention(input: { workflowId: "halde-amf-2010" }) {
  convention { id commitments { id owners } } } }`;
const SIGN = 'mutation($id: ID!) { signConvention(input: { conventionId: $id }) { convention { version } } }';
const MARK = `mutation($c: ID!) { markCommitmentDone(input: { commitmentId: $c, note: "Fait" }) {
  convention { version } } }`;

interface Created {
  createConvention: { convention: { id: string; commitments: { id: string; owners: string[] }[] } };
}

/** Subscribers of one convention; `reached(v)` resolves once every one of them received version v. */
class Followers {
  private readonly seen: number[];
  private waiters: { version: number; wake: () => void }[] = [];

  constructor(slots: Client[], id: string, distinct: boolean) {
    this.seen = new Array<number>(slots.length).fill(0);
    for (let i = 0; i < slots.length; i++) {
      slots[i]!.subscribe<Record<string, { version: number }>>(
        { query: subscription(distinct, i), variables: { id } },
        {
          next: (message) => {
            if (message.errors) throw new Error(JSON.stringify(message.errors));
            this.seen[i] = Math.max(this.seen[i]!, Object.values(message.data ?? {})[0]?.version ?? 0);
            this.check();
          },
          error: (error) => console.error('subscription failed:', error),
          complete: () => undefined,
        },
      );
    }
  }

  reached(version: number): Promise<void> {
    return new Promise((wake) => {
      this.waiters.push({ version, wake });
      this.check();
    });
  }

  private check(): void {
    const least = this.seen.length ? Math.min(...this.seen) : Infinity;
    this.waiters = this.waiters.filter((w) => (least >= w.version ? (w.wake(), false) : true));
  }
}

async function connect(wsUrl: string, token: string): Promise<Client> {
  const client = createClient({
    url: wsUrl,
    webSocketImpl: WebSocket,
    lazy: false,
    retryAttempts: 0,
    connectionParams: { authorization: `Bearer ${token}` },
  });
  await new Promise<void>((resolve, reject) => {
    client.on('connected', () => resolve());
    client.on('closed', (event) => reject(new Error(`closed: ${JSON.stringify(event)}`)));
  });
  return client;
}

/** The writes a fresh HALDE–AMF convention takes: both signatures, then each commitment marked by its owners. */
function* writes(created: Created['createConvention']['convention']): Generator<[string, string, object]> {
  yield ['amf', SIGN, { id: created.id }];
  yield ['halde', SIGN, { id: created.id }];
  for (const c of created.commitments) for (const owner of c.owners) yield [owner, MARK, { c: c.id }];
}

async function main(): Promise<void> {
  const ks = process.argv
    .slice(2)
    .map(Number)
    .filter((k) => k >= 0);
  const counts = ks.length ? ks : [0, 1, 50, 500];
  const cases = counts.flatMap((k) => (k > 1 ? [false, true] : [false]).map((distinct) => ({ k, distinct })));
  const dir = mkdtempSync(join(tmpdir(), 'conventio-live-bench-'));
  let server: ServerProcess | null = null;
  try {
    const admin = await createToken(dir, 'admin', 'Administrateur');
    const parties: Record<string, string> = {
      halde: await createToken(dir, 'representative', 'HALDE', 'halde'),
      amf: await createToken(dir, 'representative', 'AMF', 'amf'),
    };
    const auditors = await Promise.all(
      Array.from({ length: Math.ceil(Math.max(...counts) / PER_TOKEN) }, (_, i) =>
        createToken(dir, 'auditor', `Auditeur ${i}`),
      ),
    );
    // LIVE_BENCH_PROF=<dir>: the server writes a CPU profile there when it stops.
    const profile = process.env.LIVE_BENCH_PROF;
    const nodeArgs = profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : [];
    server = (await ServerProcess.start(dir, admin, nodeArgs)).server;
    const http = new GraphQLClient(server.url);
    const wsUrl = server.url.replace(/^http/, 'ws');
    const rows: Record<string, number | string>[] = [];
    for (const { k, distinct } of cases) {
      let cpu = 0;
      let done = 0;
      let lastDeliveryMs = 0;
      for (let round = 0; round < CONVENTIONS_PER_K; round++) {
        const created = (await http.ok<Created>(admin, CREATE)).createConvention.convention;
        // The websocket of each subscription: up to 20 per websocket, 50 per token.
        const clients: Client[] = [];
        const slots: Client[] = [];
        for (let left = k, t = 0; left > 0; left -= PER_TOKEN, t++) {
          for (let n = Math.min(left, PER_TOKEN); n > 0; n -= PER_SOCKET) {
            const client = await connect(wsUrl, auditors[t]!);
            clients.push(client);
            for (let i = 0; i < Math.min(n, PER_SOCKET); i++) slots.push(client);
          }
        }
        const followers = new Followers(slots, created.id, distinct);
        await new Promise((r) => setTimeout(r, 300 + k * 2));
        const before = server.cpuMs();
        for (const [party, query, variables] of writes(created)) {
          const sent = performance.now();
          const result = await http.request<{ [field: string]: { convention: { version: number } } }>(
            parties[party]!,
            query,
            variables as Record<string, unknown>,
          );
          if (result.errors?.length || !result.data) continue;
          const version = Object.values(result.data)[0]!.convention.version;
          await followers.reached(version);
          lastDeliveryMs += performance.now() - sent;
          done += 1;
        }
        cpu += server.cpuMs() - before;
        await Promise.all(clients.map((c) => c.dispose()));
      }
      rows.push({
        subscriptions: k,
        operations: k > 1 ? (distinct ? 'distinct' : 'identical') : '',
        writes: done,
        'server CPU ms/write': Number((cpu / done).toFixed(2)),
        'ms write → last delivery': Number((lastDeliveryMs / done).toFixed(1)),
      });
      console.log(JSON.stringify(rows[rows.length - 1]));
    }
    const base = rows.find((r) => r.subscriptions === 0) ?? rows[0]!;
    for (const row of rows) {
      row['× CPU of ' + base.subscriptions] = Number(
        ((row['server CPU ms/write'] as number) / (base['server CPU ms/write'] as number)).toFixed(1),
      );
    }
    console.table(rows);
    console.log(
      `server RSS ${server.memory().rssMiB.toFixed(1)} MiB (peak ${server.memory().peakRssMiB.toFixed(1)})`,
    );
  } finally {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
