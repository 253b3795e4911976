/**
 * What one round trip to PostgreSQL costs each side, over loopback TCP and over the server's Unix
 * socket: 20 node-postgres clients (as the API's pool) each sending a trivial named prepared
 * statement and waiting for its answer, so the figures are the protocol and the transport, not
 * the statement. CPU per round trip: this process (node-postgres and the event loop), and the 20
 * backends (from /proc). Three rounds, the two transports alternated.
 *
 *   npm run bench:pg-round-trip [-- --round-trips 40000]
 */
import { Client } from 'pg';
import { processesCpuMs } from './lib/postgres-cpu';
import { unixSocketDirectory } from '../test/support/postgres';

const ADMIN_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const CLIENTS = 20;
const WARM_UP = 200;

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
}

interface Figures {
  perSecond: number;
  nodeMicros: number;
  postgresMicros: number;
}

async function roundTrips(url: string, count: number): Promise<Figures> {
  const clients = await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      const client = new Client({ connectionString: url });
      await client.connect();
      return client;
    }),
  );
  try {
    const pids = await Promise.all(
      clients.map(
        async (c) => (await c.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid,
      ),
    );
    const statement = { name: 'round_trip', text: 'SELECT $1::int + 1 AS "n"', values: [1] };
    for (const client of clients) for (let i = 0; i < WARM_UP; i++) await client.query(statement);
    const total = (cpu: Map<number, number>) => [...cpu.values()].reduce((a, b) => a + b, 0);
    const postgresBefore = total(processesCpuMs(pids));
    const nodeBefore = process.cpuUsage();
    const started = performance.now();
    let left = count;
    await Promise.all(
      clients.map(async (client) => {
        while (left-- > 0) await client.query(statement);
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const node = process.cpuUsage(nodeBefore);
    const postgresMs = total(processesCpuMs(pids)) - postgresBefore;
    return {
      perSecond: count / seconds,
      nodeMicros: (node.user + node.system) / count,
      postgresMicros: (postgresMs * 1000) / count,
    };
  } finally {
    await Promise.all(clients.map((client) => client.end()));
  }
}

/** The admin URL through the server's Unix socket, or null when it has none this machine can see. */
async function socketUrl(): Promise<string | null> {
  const directory = await unixSocketDirectory(ADMIN_URL);
  if (!directory) return null;
  const url = new URL(ADMIN_URL);
  url.searchParams.set('host', directory);
  return url.toString();
}

async function main(): Promise<void> {
  const count = option('round-trips', 40_000);
  const socket = await socketUrl();
  if (!socket) throw new Error(`the server at ${ADMIN_URL} listens on no Unix socket this machine can see`);
  const format = (f: Figures) =>
    `${Math.round(f.perSecond).toLocaleString('en')}/s, Node ${f.nodeMicros.toFixed(1)} µs, ` +
    `PostgreSQL ${f.postgresMicros.toFixed(1)} µs per round trip`;
  console.log(
    `${count} round trips from ${CLIENTS} clients, each way, three rounds; TCP ${ADMIN_URL}, socket ${socket}`,
  );
  for (let round = 1; round <= 3; round++) {
    const tcp = await roundTrips(ADMIN_URL, count);
    const unix = await roundTrips(socket, count);
    console.log(`round ${round}: TCP ${format(tcp)}`);
    console.log(`         socket ${format(unix)}`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
