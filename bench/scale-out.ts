import { copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { GraphQLClient, median } from './lib/client';
import { load, LoadResult } from './lib/load';
import { Seeder, Tokens, Workflow, WORKFLOWS_QUERY } from './lib/seed';
import { machineCpuMs, postgresCpuMs, processesCpuMs } from './lib/postgres-cpu';
import { monotonicMicros, printRequestParts } from './lib/profile';
import { createToken, envOptions, ServerProcess } from './lib/server';
import { unixSocketDirectory } from '../test/support/postgres';
import { scrapeMetrics } from './lib/memory';
import { hitShare, liveActorLookupsBetween } from './lib/write-path';

/**
 * Scale-out on PostgreSQL: the same transition load (markCommitmentDone on distinct commitments,
 * 20 connections in all) against 1, 2 and 3 API instances sharing one database, each instance
 * taking an equal share of the connections; the trivial `{ me { id } }` the same way, as the
 * ceiling of each configuration. Prints a table; nothing is written.
 *
 *   npm run bench:pg [-- --transitions 1500 --connections 20 --seconds 5 --pairs 3 --profile --tcp --env NAME=VALUE]
 *
 * Then the DBOS peer (dbos-peer.ts) and the one-instance load again, back to back in `--pairs`
 * pairs, the order flipping each pair: the target's ratio is each pair's. DBOS's own rate moved by
 * half between runs minutes apart on this machine (289 and 482 messages/s on 2026-12-07), so one
 * DBOS run against loads measured minutes earlier said more about the hour than about either.
 *
 * The instances, the CLI and the DBOS peer reach PostgreSQL through its Unix socket when the
 * server has one (as a deployment on the database's machine does: each round trip costs both
 * sides less, bench/README "PostgreSQL through its Unix socket"), over TCP with `--tcp` or when
 * `TEST_POSTGRES_URL` names a `host` of its own.
 *
 * `--profile` runs the first instance under `--cpu-prof` and prints where its main thread's time
 * went during the one-instance transition load, by part (lib/profile.ts).
 */

const ADMIN_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const MARK = `mutation($c: ID!) { markCommitmentDone(input: { commitmentId: $c, note: "bench" }) { commitment { status } } }`;

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
}

/**
 * The URL every process of the run uses for database `name`: through the server's Unix socket
 * (`?host=<directory>`, which node-postgres reads) unless `--tcp` is given, the admin URL names
 * its own `host`, or the server listens on no socket this machine can see.
 */
async function databaseUrlFor(name: string): Promise<{ url: URL; transport: string }> {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const tcp = { url, transport: `TCP (${url.host})` };
  if (process.argv.includes('--tcp') || url.searchParams.has('host')) return tcp;
  const directory = await unixSocketDirectory(ADMIN_URL);
  if (!directory) return tcp;
  url.searchParams.set('host', directory);
  return { url, transport: `its Unix socket (${directory}; --tcp for ${url.host})` };
}

async function admin(sql: string): Promise<void> {
  const client = new Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** One autocannon per instance at once, each with its share of the connections and requests. */
async function spread(
  servers: ServerProcess[],
  connections: number,
  make: (instance: number) => {
    amount?: number;
    duration?: number;
    next: () => { token: string; query: string; variables?: Record<string, unknown> };
  },
): Promise<{
  rps: number;
  p50: number;
  p99: number;
  failed: number;
  requests: number;
  firstFailure: string | null;
}> {
  const results: LoadResult[] = await Promise.all(
    servers.map((server, i) =>
      load(server.url, { connections: Math.max(1, Math.round(connections / servers.length)), ...make(i) }),
    ),
  );
  // The loads start together; the run lasts until the last answer of the slowest.
  const seconds = Math.max(...results.map((r) => r.seconds));
  // Merged latencies are not kept by load(); percentiles of the slowest instance are reported.
  const requests = results.reduce((n, r) => n + r.requests, 0);
  const failed = results.reduce((n, r) => n + r.failed, 0);
  return {
    rps: (requests - failed) / seconds,
    p50: Math.max(...results.map((r) => r.p50)),
    p99: Math.max(...results.map((r) => r.p99)),
    failed,
    requests,
    firstFailure: results.find((r) => r.firstFailure)?.firstFailure ?? null,
  };
}

interface Run {
  instances: number;
  rps: number;
  /** CPU per transition, ms: every thread of the API processes, their main threads, PostgreSQL. */
  nodeMs: number;
  mainMs: number;
  pgMs: number;
  /** Cores of the machine busy on average during the load (everything on it: API, PostgreSQL, the load). */
  coresBusy: number;
  /** Mean over the samples: backends running a statement, and those waiting on the log-order lock. */
  active: number;
  onLogLock: number;
}

/**
 * Samples, every 50 ms until stopped, the bench database's backends in `pg_stat_activity`:
 * how many run a statement, and how many of them wait on the advisory lock of the global log
 * order (namespace 2, `pg_locks.classid`), the lock a writer once held across round trips.
 */
function sampleWaits(database: string): { stop: () => Promise<{ active: number; onLogLock: number }> } {
  const client = new Client({ connectionString: ADMIN_URL });
  let running = true;
  const samples: { active: number; onLogLock: number }[] = [];
  const done = (async () => {
    await client.connect();
    while (running) {
      const { rows } = await client.query<{ active: string; on_log_lock: string }>(
        `SELECT COUNT(*) FILTER (WHERE a.state = 'active') AS "active",
                COUNT(*) FILTER (WHERE EXISTS (SELECT 1 FROM pg_locks l WHERE l.pid = a.pid AND NOT l.granted
                  AND l.locktype = 'advisory' AND l.classid = 2)) AS "on_log_lock"
         FROM pg_stat_activity a WHERE a.datname = $1 AND a.pid <> pg_backend_pid()`,
        [database],
      );
      samples.push({ active: Number(rows[0]!.active), onLogLock: Number(rows[0]!.on_log_lock) });
      await new Promise((r) => setTimeout(r, 50));
    }
    await client.end();
  })();
  return {
    stop: async () => {
      running = false;
      await done;
      const mean = (pick: (s: { active: number; onLogLock: number }) => number) =>
        samples.reduce((sum, s) => sum + pick(s), 0) / Math.max(1, samples.length);
      return { active: mean((s) => s.active), onLogLock: mean((s) => s.onLogLock) };
    },
  };
}

/** The pids of the bench database's backends now. */
async function backendPids(database: string): Promise<number[]> {
  const client = new Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number }>(
      'SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
      [database],
    );
    return rows.map((row) => row.pid);
  } finally {
    await client.end();
  }
}

/** CPU the bench database's backends used from `before` on: those that started meanwhile count whole. */
async function backendsCpuMsSince(database: string, before: Map<number, number>): Promise<number> {
  let ms = 0;
  for (const [pid, now] of processesCpuMs(await backendPids(database))) ms += now - (before.get(pid) ?? 0);
  return ms;
}

interface PeerResult {
  messages: number;
  seconds: number;
  perSecond: number;
  nodeCpuMs: number;
  postgresCpuMs: number;
}

/**
 * Statements one transition runs and the round trips they take, counted by the server itself
 * (`SQL_STATS=1`, `extensions.sqlStatements` and `sqlRoundTrips`: a statement pipelined behind
 * another is answered in its round trip), on a separate instance started for it: sequential
 * requests, so no deadline of another request falls into one's count.
 */
async function countStatements(
  dir: string,
  env: NodeJS.ProcessEnv,
  confirmations: { commitmentId: string; owner: string }[],
  tokens: Tokens,
): Promise<{ samples: number; statements: Spread; roundTrips: Spread }> {
  const { server } = await ServerProcess.start(dir, null, [], { ...env, SQL_STATS: '1' });
  try {
    const client = new GraphQLClient(server.url);
    const statements: number[] = [];
    const roundTrips: number[] = [];
    for (const target of confirmations.slice(0, 20)) {
      const answer = await client.request(tokens.parties.get(target.owner)!, MARK, {
        c: target.commitmentId,
      });
      const n = answer.extensions?.sqlStatements;
      const trips = answer.extensions?.sqlRoundTrips;
      if (answer.errors || typeof n !== 'number' || typeof trips !== 'number')
        throw new Error(`statement count: ${JSON.stringify(answer)}`);
      statements.push(n);
      roundTrips.push(trips);
    }
    return { samples: statements.length, statements: spreadOf(statements), roundTrips: spreadOf(roundTrips) };
  } finally {
    await server.stop();
  }
}

interface Spread {
  mean: number;
  min: number;
  max: number;
}

function spreadOf(values: number[]): Spread {
  return {
    mean: values.reduce((a, b) => a + b, 0) / values.length,
    min: Math.min(...values),
    max: Math.max(...values),
  };
}

async function dbosPeer(databaseUrl: URL, messages: number, concurrency: number): Promise<PeerResult> {
  const name = `${databaseUrl.pathname.slice(1)}_dbos`;
  await admin(`CREATE DATABASE "${name}"`);
  const url = new URL(databaseUrl);
  url.pathname = `/${name}`;
  const workflows = 200;
  try {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        join(__dirname, 'dbos-peer.js'),
        url.toString(),
        String(workflows),
        String(Math.ceil(messages / workflows)),
        String(concurrency),
      ],
      { maxBuffer: 16 * 2 ** 20 },
    );
    return JSON.parse(stdout.trim().split('\n').pop()!) as PeerResult;
  } finally {
    await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  }
}

/** Our one-instance load and the DBOS peer, measured back to back. */
interface Pair {
  ours: number;
  peer: PeerResult;
}

/** Issue 17's PostgreSQL targets, each with pass or miss. */
function printTargets(runs: Run[], pairs: Pair[], statements: number, roundTrips: number): void {
  const one = runs[0]!;
  const best = runs.reduce((a, b) => (b.rps > a.rps ? b : a));
  const ratios = pairs.map((p) => p.ours / p.peer.perSecond);
  const meanPeer = pairs.reduce((sum, p) => sum + p.peer.perSecond, 0) / pairs.length;
  const grows = runs.every((run, i) => i === 0 || run.rps > runs[i - 1]!.rps);
  const mark = (ok: boolean) => (ok ? 'pass' : 'MISS');
  const lines: [boolean, string][] = [
    [
      runs.every((r) => r.onLogLock < 0.5),
      `no writer waits on the log-order lock: ${runs.map((r) => r.onLogLock.toFixed(1)).join(' / ')} of ` +
        `${runs.map((r) => r.active.toFixed(1)).join(' / ')} active backends waiting, on average (1 / 2 / 3 instances)`,
    ],
    [
      grows,
      `transitions/s grow with instances: ${runs.map((r) => r.rps.toFixed(0)).join(' → ')} ` +
        `(cores busy ${runs.map((r) => r.coresBusy.toFixed(2)).join(' / ')} of ${cpus().length}: ` +
        `${one.coresBusy > cpus().length - 0.25 ? 'none to spare from one instance on' : 'some to spare'})`,
    ],
    [one.pgMs <= 0.6, `PostgreSQL CPU per transition ≤ 0.6 ms: ${one.pgMs.toFixed(2)} ms (1 instance)`],
    [
      one.nodeMs <= 1,
      `Node CPU per transition ≤ 1 ms: ${one.nodeMs.toFixed(2)} ms (1 instance, every thread)`,
    ],
    [
      median(ratios) >= 2,
      `transitions/s ≥ 2 × DBOS, one instance and DBOS back to back: ${median(ratios).toFixed(2)} × ` +
        `(median of ${pairs.length} pairs: ${ratios.map((r) => r.toFixed(2)).join(', ')} ×)`,
    ],
  ];
  console.log('\ntargets (issue 17, PostgreSQL):');
  for (const [ok, text] of lines) console.log(`  ${mark(ok)}  ${text}`);
  console.log(
    `  info  statements per transition: ${statements.toFixed(1)}, in ${roundTrips.toFixed(1)} round trips to PostgreSQL`,
  );
  console.log(
    `  info  the instance series' best, ${best.rps.toFixed(0)} transitions/s (${best.instances} instance${best.instances > 1 ? 's' : ''}), ` +
      `over the pairs' mean DBOS rate ${meanPeer.toFixed(0)}: ${(best.rps / meanPeer).toFixed(2)} ×`,
  );
}

async function main(): Promise<void> {
  const transitions = option('transitions', 1500);
  const connections = option('connections', 20);
  const seconds = option('seconds', 5);
  const pairCount = Math.max(1, option('pairs', 3));
  const name = `conventio_bench_${process.pid}`;
  const dir = mkdtempSync(join(tmpdir(), 'conventio-bench-pg-'));
  await admin(`CREATE DATABASE "${name}"`);
  const { url, transport } = await databaseUrlFor(name);
  console.log(`PostgreSQL reached through ${transport}`);
  // The CLI (tokens) and every server process use this store.
  process.env.DATABASE_URL = url.toString();
  // `--env NAME=VALUE`: the instances' environment for an experiment (`LIVE_ACTORS=100000`: every machine kept).
  const extra = envOptions(process.argv);
  const env = { AUDIT_KEY_PATH: join(dir, 'audit-key.pem'), ...extra };
  const settings = Object.entries(extra).map(([name, value]) => `${name}=${value}`);
  if (settings.length) console.log(`instances' environment: ${settings.join(' ')}`);
  const servers: ServerProcess[] = [];
  const profileDir = process.argv.includes('--profile') ? join(dir, 'profile') : null;
  /** The one-instance transition load: when it ran, and its main-thread CPU per transition. */
  let oneInstance: { window: [number, number]; mainMs: number } | null = null;
  try {
    const profiled = (i: number) =>
      profileDir && i === 0 ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
    for (let i = 0; i < 3; i++) servers.push((await ServerProcess.start(dir, null, profiled(i), env)).server);
    const parties = [
      'halde',
      'amf',
      'region-idf',
      'acse',
      'cget',
      'defenseur-des-droits',
      'charte-diversite',
      'cnml',
      'amif',
      'centre-hubertine-auclert',
    ];
    const tokens: Tokens = {
      admin: await createToken(dir, 'admin', 'Administrateur'),
      auditor: await createToken(dir, 'auditor', 'Cour des comptes'),
      parties: new Map(),
    };
    for (const party of parties)
      tokens.parties.set(party, await createToken(dir, 'representative', party, party));
    const client = new GraphQLClient(servers[0]!.url);
    const { workflows } = await client.ok<{ workflows: Workflow[] }>(tokens.admin, WORKFLOWS_QUERY);
    const haldeAmf = workflows.filter((w) => w.id === 'halde-amf-2010');
    // Enough distinct (commitment, owner) confirmations for the three instance rounds and the pairs.
    const perConvention = haldeAmf[0]!.commitments.reduce((n, c) => n + c.owners.length, 0);
    const needed = Math.ceil(((3 + pairCount) * transitions) / perConvention) + 3;
    const seeder = new Seeder(client, tokens, haldeAmf);
    const seeded = await seeder.seedUntil(needed * haldeAmf[0]!.commitments.length, 8);
    console.log(
      `seeded ${seeded.conventions} conventions (${seeded.mutations} mutations) in ${seeded.seconds.toFixed(1)} s through instance 1`,
    );
    // What autovacuum gives a deployment within a minute of its first writes: statistics of the
    // filled tables, which replan the instances' named statements planned while the tables were
    // empty (a sequential scan of `commitments` kept by a generic plan, otherwise).
    const analyzer = new Client({ connectionString: url.toString() });
    await analyzer.connect();
    await analyzer.query('ANALYZE').finally(() => analyzer.end());
    // Interleaved across conventions, so that concurrent requests rarely wait on one convention's lock.
    const byConvention = seeder.conventions.map(({ id, workflow }) =>
      workflow.commitments.flatMap((c) =>
        c.owners.map((owner) => ({ commitmentId: `${id}:${c.key}`, owner })),
      ),
    );
    const confirmations = byConvention[0]!.flatMap((_, i) => byConvention.map((list) => list[i]!));
    let nextConfirmation = 0;
    const nextMark = () => {
      const target = confirmations[nextConfirmation++]!;
      return { token: tokens.parties.get(target.owner)!, query: MARK, variables: { c: target.commitmentId } };
    };
    const rows: string[][] = [];
    const runs: Run[] = [];
    for (const size of [1, 2, 3]) {
      const active = servers.slice(0, size);
      const ceiling = await spread(active, connections, () => ({
        duration: seconds,
        next: () => ({ token: tokens.auditor, query: '{ me { id } }' }),
      }));
      const perInstance = Math.floor(transitions / size);
      const nodeBefore = active.map((server) => server.processCpuMs());
      const mainBefore = active.map((server) => server.cpuMs());
      const pgBefore = postgresCpuMs();
      const backendsBefore = processesCpuMs(await backendPids(name));
      const machineBefore = machineCpuMs();
      const metricsBefore = await Promise.all(active.map((server) => scrapeMetrics(server.url)));
      const sampler = sampleWaits(name);
      const from = monotonicMicros();
      const marked = await spread(active, connections, () => ({ amount: perInstance, next: nextMark }));
      const to = monotonicMicros();
      const metricsAfter = await Promise.all(active.map((server) => scrapeMetrics(server.url)));
      const lookups = active
        .map((_, i) => liveActorLookupsBetween(metricsBefore[i]!, metricsAfter[i]!))
        .reduce((sum, l) => ({ hit: sum.hit + l.hit, miss: sum.miss + l.miss }));
      const done = marked.requests - marked.failed;
      const nodeMs = active.reduce((ms, server, i) => ms + server.processCpuMs() - nodeBefore[i]!, 0) / done;
      const mainMs = active.reduce((ms, server, i) => ms + server.cpuMs() - mainBefore[i]!, 0) / done;
      const pgMs = (postgresCpuMs() - pgBefore) / done;
      const backendsMs = (await backendsCpuMsSince(name, backendsBefore)) / done;
      const waits = await sampler.stop();
      const machineAfter = machineCpuMs();
      // Cores busy on average during the load: at the machine's core count, no core is left to spare.
      const coresBusy =
        ((machineAfter.busy - machineBefore.busy) / (machineAfter.total - machineBefore.total)) *
        cpus().length;
      runs.push({ instances: size, rps: marked.rps, nodeMs, mainMs, pgMs, coresBusy, ...waits });
      if (size === 1) oneInstance = { window: [from, to], mainMs };
      if (marked.firstFailure) console.log(`first failure: ${marked.firstFailure}`);
      rows.push([
        String(size),
        ceiling.rps.toFixed(0),
        marked.requests.toLocaleString('en'),
        marked.rps.toFixed(0),
        marked.p50.toFixed(1),
        marked.p99.toFixed(1),
        String(marked.failed),
        (marked.rps / ceiling.rps).toFixed(2),
        nodeMs.toFixed(2),
        mainMs.toFixed(2),
        pgMs.toFixed(2),
        backendsMs.toFixed(2),
        waits.active.toFixed(1),
        waits.onLogLock.toFixed(1),
        `${coresBusy.toFixed(2)} of ${cpus().length}`,
        `${(hitShare(lookups) * 100).toFixed(0)} %`,
      ]);
    }
    const header = [
      'instances',
      'ceiling req/s',
      'transitions',
      'transitions/s',
      'p50 ms',
      'p99 ms',
      'failed',
      'ratio',
      'Node CPU ms',
      'main thread ms',
      'PostgreSQL CPU ms',
      'its backends ms',
      'active backends',
      'waiting on the log lock',
      'cores busy',
      'machines kept',
    ];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
    console.log(line(header));
    console.log(line(widths.map((w) => '-'.repeat(w))));
    for (const row of rows) console.log(line(row));
    console.log(
      `${connections} connections in all, split evenly over the instances; PostgreSQL on the same 2-core machine, ` +
        `reached through ${transport}. ` +
        'CPU per transition: every thread of the API processes, their main threads, every PostgreSQL process of the machine, ' +
        "the backends of the bench's database only (without other databases' load on a shared server). " +
        "Machines kept: the share of transitions whose machine the instance had in memory at the stream's version " +
        '(its live-actor cache); the others were restored from their stored snapshot.',
    );
    const pairs: Pair[] = [];
    for (let p = 0; p < pairCount; p++) {
      const runOurs = async () => {
        const marked = await spread([servers[0]!], connections, () => ({
          amount: transitions,
          next: nextMark,
        }));
        if (marked.firstFailure) console.log(`first failure: ${marked.firstFailure}`);
        return marked.rps;
      };
      if (p % 2 === 0) {
        const ours = await runOurs();
        pairs.push({ ours, peer: await dbosPeer(url, transitions, connections) });
      } else {
        const peer = await dbosPeer(url, transitions, connections);
        pairs.push({ ours: await runOurs(), peer });
      }
    }
    console.log(
      `one instance and DBOS Transact (a message to a running workflow, ${connections} concurrent senders), back to back, ` +
        `the order flipping each pair:`,
    );
    for (const { ours, peer } of pairs) {
      console.log(
        `  ${ours.toFixed(0)} transitions/s; DBOS ${peer.perSecond.toFixed(0)} messages/s (${peer.messages}), ` +
          `Node CPU ${(peer.nodeCpuMs / peer.messages).toFixed(2)} ms and PostgreSQL CPU ` +
          `${(peer.postgresCpuMs / peer.messages).toFixed(2)} ms per message: ${(ours / peer.perSecond).toFixed(2)} ×`,
      );
    }
    const counted = await countStatements(dir, env, confirmations.slice(nextConfirmation), tokens);
    const { statements, roundTrips } = counted;
    console.log(
      `statements per transition (one instance, ${counted.samples} sequential markCommitmentDone, SQL_STATS=1): ` +
        `${statements.mean.toFixed(1)} (min ${statements.min}, max ${statements.max}), in ` +
        `${roundTrips.mean.toFixed(1)} round trips to PostgreSQL (min ${roundTrips.min}, max ${roundTrips.max}): ` +
        "a transaction's START goes with its first statement, its COMMIT with its last",
    );
    printTargets(runs, pairs, statements.mean, roundTrips.mean);
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
    await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    // The profile is written when the instance exits.
    const file = profileDir && readdirSync(profileDir).find((f) => f.endsWith('.cpuprofile'));
    if (file && oneInstance) {
      const kept = join(__dirname, 'pg-server.cpuprofile');
      copyFileSync(join(profileDir!, file), kept);
      console.log(`profile of the first instance kept in ${kept} (open it in Chrome DevTools)`);
      printRequestParts(
        join(profileDir!, file),
        oneInstance.window,
        oneInstance.mainMs,
        'a transition on PostgreSQL, one instance',
      );
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
