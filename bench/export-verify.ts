import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openRuntime, Runtime } from '../src/app/runtime';
import { formatCheckpointFile } from '../src/audit/checkpoint';
import { GENESIS_HASH, storedEventHash } from '../src/events/event-hash';
import { ExportedEvent, fromExportedEvent } from '../src/audit/export-format';
import { replay } from '../src/audit/replay';
import { canonicalJson } from '../src/common/canonical-json';
import { DomainError } from '../src/common/domain-error';
import { configFromEnv } from '../src/config';
import { StoredEvent } from '../src/events/stored-event';

import { SqliteDatabase } from '../src/database/sqlite-database';
import { cpuMicros } from './lib/micro';
import { Actor } from '../src/machines/actor';
import { ConventionDefinition } from '../src/machines/definition';

/**
 * `npm run bench:export [-- --events 100000 --concurrency 16 --max-seconds 420 --no-copies --keep]`
 *
 * Builds a store of `--events` events in-process: conventions of four seeds are created,
 * signed by every signatory, and every commitment is confirmed by every owner, through
 * ConventionService as the API would. A checkpoint is published every quarter of the way,
 * and a party keeps the half-way one. Then, as separate processes with their peak memory
 * measured, the CLI exports the whole log and the CLI verifies the export offline (kept
 * checkpoint and public key pinned), once replaying on its own thread (`--threads 0`) and once
 * on the worker threads it chooses. Prints a small table, with the CPU time of each process
 * (user and system, every thread, from GNU time).
 *
 * Generation turns SQLite's synchronous writes off: the store is scaffolding, the figures
 * that matter are those of the export and of the verifier. When driving the service has not
 * reached the target after `--max-seconds`, the rest of the log is filled with copies of the
 * histories recorded so far, under new convention ids and with their hash chains recomputed:
 * events only (no projections), which the verifier replays through the machine like any
 * other. `--no-copies` stops at the size reached instead.
 */

const ROOT = join(__dirname, '../..');
const CLI = join(ROOT, 'dist/src/cli/main.js');
const TIME = '/usr/bin/time';
const WORKFLOWS = [
  'halde-amf-2010',
  'charte-diversite-cnml-2009',
  'cget-defenseur-des-droits-2015',
  'region-idf-acse-2008',
];

interface Settings {
  events: number;
  concurrency: number;
  maxSeconds: number;
  copies: boolean;
  keep: boolean;
}

interface Measured {
  seconds: number;
  /** Peak resident set size of the child process, in bytes. */
  peakRss: number | null;
  /** User and system CPU time of the child process (every thread), in seconds, from GNU time. */
  cpu: { user: number; system: number } | null;
  stdout: string;
  stderr: string;
  code: number | null;
}

type NewEvent = Omit<StoredEvent, 'sequence'>;

function settingsFrom(argv: string[]): Settings {
  const option = (name: string, fallback: number) => {
    const i = argv.indexOf(`--${name}`);
    const value = i >= 0 ? Number(argv[i + 1]) : fallback;
    if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} needs a positive number`);
    return value;
  };
  return {
    events: option('events', 100_000),
    concurrency: option('concurrency', 16),
    maxSeconds: option('max-seconds', 420),
    copies: !argv.includes('--no-copies'),
    keep: argv.includes('--keep'),
  };
}

const ADMIN: Actor = { userId: 'bench-admin', name: 'Administrateur', role: 'admin', partyId: null };

function representative(partyId: string): Actor {
  return { userId: `bench-${partyId}`, name: `Représentant ${partyId}`, role: 'representative', partyId };
}

/** One convention, from creation to every confirmation its parties can give without the clock moving. */
async function drive(runtime: Runtime, workflowId: string): Promise<{ refused: number }> {
  const definition = runtime.registry.latest(workflowId);
  if (!definition) throw new Error(`no workflow ${workflowId}`);
  const convention = await runtime.conventions.create({ actor: ADMIN, workflowId });
  for (const party of definition.parties) {
    for (const signatory of party.signatories) {
      await runtime.conventions.sign({
        actor: representative(party.id),
        conventionId: convention.id,
        signatoryId: signatory.id,
      });
    }
  }
  let refused = 0;
  for (const commitment of definition.commitments) {
    for (const owner of commitment.owners) {
      try {
        await runtime.conventions.markCommitmentDone({
          actor: representative(owner),
          commitmentId: `${convention.id}:${commitment.id}`,
          note: 'Fait',
          evidenceUrl: 'https://example.org/preuve',
        });
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        refused += 1;
      }
    }
  }
  return { refused };
}

/** A recorded history under a new convention id, its hash chain recomputed. */
function copyOf(stream: StoredEvent[]): NewEvent[] {
  const streamId = randomUUID();
  let prevHash = GENESIS_HASH;
  return stream.map(({ sequence: _sequence, ...event }) => {
    const payload =
      event.version === 1
        ? canonicalJson({ ...(JSON.parse(event.payload) as Record<string, unknown>), conventionId: streamId })
        : event.payload;
    const copy: NewEvent = { ...event, streamId, payload, prevHash, hash: '' };
    copy.hash = storedEventHash(prevHash, copy);
    prevHash = copy.hash;
    return copy;
  });
}

/** Appends copies of the recorded histories until the log has `target` events. */
async function fillWithCopies(
  runtime: Runtime,
  target: number,
  afterGrowth: (size: number) => Promise<void>,
): Promise<number> {
  const recorded = await runtime.db.read.find<StoredEvent>('events', {
    order: { streamId: 'ASC', version: 'ASC' },
  });
  const streams = new Map<string, StoredEvent[]>();
  for (const event of recorded) {
    const stream = streams.get(event.streamId) ?? [];
    stream.push(event);
    streams.set(event.streamId, stream);
  }
  const sources = [...streams.values()];
  if (!sources.length) throw new Error('no history recorded to copy');
  let size = recorded.length;
  for (let next = 0; size < target;) {
    const chunk: NewEvent[] = [];
    while (chunk.length < 2000 && size + chunk.length < target) {
      // The last copy may stop early: a prefix of a history is a history.
      chunk.push(...copyOf(sources[next % sources.length]!).slice(0, target - size - chunk.length));
      next += 1;
    }
    await runtime.db.write(async (manager) => {
      for (let i = 0; i < chunk.length; i += 500)
        await manager.insert<StoredEvent>('events', chunk.slice(i, i + 500));
    });
    size += chunk.length;
    await afterGrowth(size);
  }
  return size;
}

/**
 * Runs the CLI as a child process and measures its wall time and peak RSS: with GNU time when
 * there is one, otherwise with a preloaded module that prints the child's own maxRSS on exit.
 */
function measureCli(args: string[], env: NodeJS.ProcessEnv, dir: string): Promise<Measured> {
  const useTime = existsSync(TIME);
  const preload = join(dir, 'report-max-rss.js');
  if (!useTime) {
    writeFileSync(
      preload,
      "process.on('exit', () => process.stderr.write(`\\nMaximum resident set size (kbytes): ${process.resourceUsage().maxRSS}\\n`));\n",
    );
  }
  const command = useTime ? TIME : process.execPath;
  const argv = useTime ? ['-v', process.execPath, CLI, ...args] : ['--require', preload, CLI, ...args];
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, argv, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const seconds = (performance.now() - started) / 1000;
      const kbytes = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr)?.[1];
      const user = /User time \(seconds\): ([\d.]+)/.exec(stderr)?.[1];
      const system = /System time \(seconds\): ([\d.]+)/.exec(stderr)?.[1];
      resolve({
        seconds,
        peakRss: kbytes ? Number(kbytes) * 1024 : null,
        cpu: user && system ? { user: Number(user), system: Number(system) } : null,
        stdout,
        stderr: stderr.replace(/\n?(\tCommand being timed:|Maximum resident set size)[\s\S]*$/, ''),
        code,
      });
    });
  });
}

/**
 * Every convention of the export replayed in this process, as `verify --threads 0` replays them
 * (hash chains, guards), without reading the file or starting a process: the CPU µs per event
 * of the best of `rounds` (the first warms the compiler up).
 */
function replayInProcess(exportFile: string, rounds = 3): number {
  const records = readFileSync(exportFile, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { type: string; ref?: string; body?: ConventionDefinition });
  const definitions = new Map(records.filter((r) => r.type === 'definition').map((r) => [r.ref, r.body]));
  const streams = new Map<string, StoredEvent[]>();
  for (const record of records) {
    if (record.type !== 'event') continue;
    const event = fromExportedEvent(record as unknown as ExportedEvent);
    const stream = streams.get(event.streamId) ?? [];
    stream.push(event);
    streams.set(event.streamId, stream);
  }
  const events = records.filter((r) => r.type === 'event').length;
  let best = Infinity;
  for (let round = 0; round < rounds; round++) {
    const start = cpuMicros();
    for (const stream of streams.values()) {
      if (!replay(stream, (ref) => definitions.get(ref)).ok) throw new Error('replay failed');
    }
    best = Math.min(best, (cpuMicros() - start) / events);
  }
  return best;
}

const mb = (bytes: number | null) => (bytes === null ? 'n/a' : `${(bytes / 1024 / 1024).toFixed(1)} MB`);
const secs = (seconds: number) => `${seconds.toFixed(1)} s`;
const rate = (events: number, seconds: number) => `${(events / seconds).toFixed(0)} events/s`;
const cpuOf = (run: Measured) =>
  run.cpu ? `${run.cpu.user.toFixed(2)} + ${run.cpu.system.toFixed(2)} s` : 'n/a';

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [
    line(rows[0]!),
    `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
    ...rows.slice(1).map(line),
  ].join('\n');
}

async function main(): Promise<void> {
  const settings = settingsFrom(process.argv.slice(2));
  const dir = mkdtempSync(join(tmpdir(), 'conventio-export-bench-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_PATH: join(dir, 'conventio.sqlite'),
    WORKFLOWS_DIR: join(ROOT, 'workflows'),
    CLOCK: 'manual',
    CLOCK_START: '2016-01-04T09:00:00Z',
  };
  delete env.SQL_STATS;
  delete env.AUDIT_KEY_PATH;
  console.log(`store: ${dir}`);
  try {
    // 1. The store, in-process.
    const runtime = await openRuntime(configFromEnv(env));
    await (runtime.db as SqliteDatabase).writer.query('PRAGMA synchronous = OFF');
    const started = performance.now();
    const elapsed = () => (performance.now() - started) / 1000;
    const half = Math.round(settings.events / 2);
    const milestones = [0.25, 0.5, 0.75].map((f) => Math.round(settings.events * f));
    let kept: string | null = null;
    const afterGrowth = async (reached: number) => {
      while (milestones.length && reached >= milestones[0]!) {
        const milestone = milestones.shift();
        const checkpoint = await runtime.log.publishCheckpoint();
        // The party keeps the half-way checkpoint.
        if (milestone === half) kept = formatCheckpointFile(checkpoint);
      }
    };

    let size = await runtime.log.size(runtime.db.read);
    let conventions = 0;
    let refused = 0;
    let lastReport = 0;
    while (size < settings.events && elapsed() < settings.maxSeconds) {
      const batch = Array.from({ length: settings.concurrency }, (_, i) =>
        drive(runtime, WORKFLOWS[(conventions + i) % WORKFLOWS.length]!),
      );
      for (const result of await Promise.all(batch)) refused += result.refused;
      conventions += batch.length;
      size = await runtime.log.size(runtime.db.read);
      await afterGrowth(size);
      if (elapsed() - lastReport >= 15) {
        lastReport = elapsed();
        console.log(`  ${size} events, ${conventions} conventions, ${rate(size, elapsed())}`);
      }
    }
    const driven = size;
    const driving = elapsed();
    if (size < settings.events) {
      console.log(
        `driving the service stopped after ${secs(driving)} at ${size} of ${settings.events} events`,
      );
      if (settings.copies) size = await fillWithCopies(runtime, settings.events, afterGrowth);
    }
    const copied = size - driven;
    const copying = elapsed() - driving;
    const generation = elapsed();

    const checkpointStarted = performance.now();
    const final = await runtime.log.publishCheckpoint();
    const checkpointSeconds = (performance.now() - checkpointStarted) / 1000;
    const keptFile = join(dir, 'kept-checkpoint.txt');
    writeFileSync(keptFile, kept ?? formatCheckpointFile(final));
    const keyFile = join(dir, 'audit-key.pub.pem');
    writeFileSync(keyFile, runtime.log.publicKeyPem);
    await (runtime.db as SqliteDatabase).writer.query('PRAGMA wal_checkpoint(TRUNCATE)');
    const generatorRss = process.resourceUsage().maxRSS * 1024;
    await runtime.close();
    const dbBytes = statSync(env.DATABASE_PATH!).size;

    // 2. Export with the CLI.
    const exportFile = join(dir, 'log.ndjson');
    const exported = await measureCli(['export', '--out', exportFile], env, dir);
    if (exported.code !== 0) throw new Error(`export failed (${exported.code}): ${exported.stderr}`);
    const exportBytes = statSync(exportFile).size;

    // 3. Offline verification with the CLI: replaying on this thread alone, then on the worker
    // threads it chooses (one per core from 2,000 events).
    const verify = async (threads: string[]) => {
      const run = await measureCli(
        ['verify', exportFile, '--checkpoint', keptFile, '--public-key', keyFile, ...threads],
        env,
        dir,
      );
      if (run.code !== 0 || !/VALID\s*$/.test(run.stdout)) {
        throw new Error(`verification failed (${run.code}): ${run.stderr}${run.stdout}`);
      }
      return run;
    };
    const alone = await verify(['--threads', '0']);
    const verified = await verify([]);
    const perEvent = replayInProcess(exportFile);

    console.log('');
    console.log(verified.stdout.trim());
    console.log('');
    console.log(
      table([
        ['step', 'events', 'time', 'rate', 'CPU user + sys', 'size', 'peak RSS'],
        ['drive ConventionService', String(driven), secs(driving), rate(driven, driving), '', '', ''],
        ...(copied
          ? [['copy histories (fill)', String(copied), secs(copying), rate(copied, copying), '', '', '']]
          : []),
        ['store built', String(size), secs(generation), '', '', `${mb(dbBytes)} SQLite`, mb(generatorRss)],
        ['publish checkpoint', String(final.size), secs(checkpointSeconds), '', '', '', ''],
        [
          'export (CLI)',
          String(size),
          secs(exported.seconds),
          rate(size, exported.seconds),
          cpuOf(exported),
          `${mb(exportBytes)} NDJSON`,
          mb(exported.peakRss),
        ],
        ...[
          ['verify offline (CLI, --threads 0)', alone] as const,
          ['verify offline (CLI)', verified] as const,
        ].map(([step, run]) => [
          step,
          String(size),
          secs(run.seconds),
          rate(size, run.seconds),
          cpuOf(run),
          '',
          mb(run.peakRss),
        ]),
      ]),
    );
    console.log(
      `\nreplayed in this process (no file, no process start): ${perEvent.toFixed(1)} µs of CPU per event, ` +
        `${Math.round(1e6 / perEvent)} events/s of CPU on one core`,
    );
    const verifyRate = size / verified.seconds;
    console.log(
      `\ntarget (issue 17): offline verifier ≥ 25,000 events/s, process start included: ` +
        `${verifyRate.toFixed(0)} events/s, ${verifyRate >= 25_000 ? 'pass' : 'miss'}`,
    );
    console.log(
      `\n${conventions} conventions driven (${WORKFLOWS.length} seeds, ${refused} confirmations refused by the machine)` +
        `${copied ? `, ${copied} events copied from their histories` : ''}; ` +
        `peak RSS of the CLI processes ${existsSync(TIME) ? 'from /usr/bin/time -v' : 'from process.resourceUsage() in the child'}; ` +
        `Node ${process.version}.${size >= settings.events ? '' : ` Target of ${settings.events} events not reached.`}`,
    );
  } finally {
    if (settings.keep) console.log(`kept: ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
