import { ChildProcess, execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { CLI, issuedToken, ROOT, spawnServer, tokenArgs } from '../../test/support/conventio-process';
import { GraphQLClient } from '../../test/support/graphql-client';

export { ROOT };

const run = promisify(execFile);
/** /proc reports CPU times in USER_HZ ticks, 100 per second on Linux whatever the kernel's HZ. */
const CLOCK_TICKS = 100;
/** Characters of the server's output kept for error messages. */
const OUTPUT_KEPT = 64 * 1024;

/**
 * The server environment a benchmark's `--env NAME=VALUE` options set for an experiment
 * (repeatable: `--env LIVE_ACTORS=100000 --env HEAP_GROWING_PERCENT=0`); empty without them.
 */
export function envOptions(argv: readonly string[]): Record<string, string> {
  return Object.fromEntries(
    argv.flatMap((arg, i) => (arg === '--env' ? [argv[i + 1]!.split('=', 2) as [string, string]] : [])),
  );
}

/** What `npm start` runs, on the benchmark's own store: nothing but paths differs. */
export function serverEnv(dir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  // Settings a developer shell or a test may have exported must not leak into the measurement.
  for (const name of [
    'CLOCK',
    'CLOCK_START',
    'SQL_STATS',
    'SCHEDULER_INTERVAL_MS',
    'LIVE_ACTORS',
    'HEAP_YOUNG_GROWTH',
    'HEAP_GROWING_PERCENT',
    'SQLITE_CACHE_MB',
    // glibc reads these at the process's start (bench/README.md, "Findings (2026-12-04, evening: memory)").
    'MALLOC_ARENA_MAX',
    'MALLOC_TRIM_THRESHOLD_',
    'MALLOC_TOP_PAD_',
    'MALLOC_MMAP_THRESHOLD_',
    'PORT',
    'HOST',
  ]) {
    delete env[name];
  }
  return {
    ...env,
    NODE_ENV: 'production',
    // What `npm start` sets: two malloc arenas instead of glibc's 8 per core (9 MB less idle).
    MALLOC_ARENA_MAX: '2',
    // The load comes from a few tokens on one address: measured, not throttled.
    RATE_LIMIT_PER_MINUTE: '10000000',
    RATE_LIMIT_ANONYMOUS_PER_MINUTE: '10000000',
    DATABASE_PATH: join(dir, 'conventio.sqlite'),
    WORKFLOWS_DIR: join(ROOT, 'workflows'),
  };
}

export interface Started {
  server: ServerProcess;
  /** Spawn to the "listening" line. */
  listeningMs: number;
  /** Spawn to the first successful authenticated query. */
  firstQueryMs: number;
}

/** The built server (`node dist/src/main.js`) as a child process on a temporary store. */
export class ServerProcess {
  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
    private readonly output: () => string,
  ) {}

  get pid(): number {
    return this.child.pid ?? 0;
  }

  get logs(): string {
    return this.output();
  }

  /**
   * Spawns the server and times it: to its "listening" line, then to the first successful
   * `{ me { id } }` with `token` (polled every 5 ms).
   */
  static async start(
    dir: string,
    token: string | null,
    nodeArgs: string[] = [],
    extraEnv: NodeJS.ProcessEnv = {},
  ): Promise<Started> {
    // The server logs a line per request: keep only the tail, or the load would fill this process.
    const spawned = await spawnServer({
      env: { ...serverEnv(dir), ...extraEnv, HOST: '127.0.0.1' },
      nodeArgs,
      cwd: dir,
      timeoutMs: 120_000,
      keepOutput: OUTPUT_KEPT,
    });
    const listeningMs = performance.now() - spawned.spawnedAt;
    const server = new ServerProcess(spawned.child, spawned.url, spawned.output);
    let firstQueryMs = listeningMs;
    if (token) {
      const client = new GraphQLClient(spawned.url);
      for (;;) {
        const result = await client.request(token, '{ me { id } }').catch(() => null);
        if (result?.data) break;
        await new Promise((r) => setTimeout(r, 5));
      }
      firstQueryMs = performance.now() - spawned.spawnedAt;
    }
    return { server, listeningMs, firstQueryMs };
  }

  /**
   * CPU time (user + system) the server's main thread has used so far, in ms, from
   * /proc/<pid>/task/<pid>/stat. The main thread runs every request's JavaScript and SQLite work,
   * so its time is what bounds req/s; V8's helper threads (concurrent GC, compilation) and the
   * libuv pool (log flushes) run beside it and are left out.
   */
  readonly cpuMs = (): number => {
    const stat = readFileSync(`/proc/${this.pid}/task/${this.pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  };

  /** CPU time of the whole server process so far (every thread), in ms, from /proc/<pid>/stat. */
  readonly processCpuMs = (): number => {
    const stat = readFileSync(`/proc/${this.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  };

  /**
   * Resident set size now and at its peak, in MiB, from /proc/<pid>/status, with its anonymous part
   * (V8's heap, malloc's arenas, SQLite's page caches, stacks), the rest being mapped files (code).
   */
  memory(): { rssMiB: number; peakRssMiB: number; anonRssMiB: number } {
    const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rssMiB: kb('VmRSS') / 1024, peakRssMiB: kb('VmHWM') / 1024, anonRssMiB: kb('RssAnon') / 1024 };
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    await new Promise<void>((resolveExit) => {
      this.child.once('exit', () => resolveExit());
      this.child.kill('SIGTERM');
    });
  }
}

/** Runs the CLI (`dist/src/cli/main.js`) against the store in `dir`. */
export async function cli(dir: string, ...args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, [CLI, ...args], {
    cwd: dir,
    env: serverEnv(dir),
    maxBuffer: 64 * 1024 * 1024,
  });
  return stdout;
}

/** Creates a token with the real CLI against the store in `dir`; returns its secret. */
export async function createToken(
  dir: string,
  role: 'admin' | 'auditor' | 'representative',
  name: string,
  party?: string,
): Promise<string> {
  return issuedToken(await cli(dir, ...tokenArgs(role, name, party))).secret;
}
