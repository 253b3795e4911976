import Database from 'better-sqlite3';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { percentile } from './client';
import { load, LoadRequest, LoadResult } from './load';

/**
 * Reads at two store sizes measured in one window, in alternated blocks on two servers: the
 * server on the large store, and one on a copy of the store taken when it was small. Read minutes
 * apart, the two sizes' p50s moved as much as their ratio on this machine, whose speed drifts
 * within the hour (bench/README.md, "Findings (2026-12-07, later)"); alternated, a drift weighs
 * on both sides alike.
 */

/** The store's file name in a bench directory (what `serverEnv` points DATABASE_PATH at). */
const STORE = 'conventio.sqlite';
/** The audit key the server keeps beside its store. */
const AUDIT_KEY = 'audit-key.pem';

/**
 * A copy of the store in `dir` as it is now, in `toDir`, through SQLite's online backup (a
 * consistent copy while the server holds the store open), with the audit key beside it.
 */
export async function copyStore(dir: string, toDir: string): Promise<void> {
  mkdirSync(toDir, { recursive: true });
  const store = new Database(join(dir, STORE), { readonly: true, fileMustExist: true });
  try {
    await store.backup(join(toDir, STORE));
  } finally {
    store.close();
  }
  if (existsSync(join(dir, AUDIT_KEY))) copyFileSync(join(dir, AUDIT_KEY), join(toDir, AUDIT_KEY));
}

/** One side of an alternated read: its server, and the requests it can answer. */
export interface Side {
  url: string;
  /** The server main thread's CPU time so far, in ms. */
  cpuMs?: () => number;
  next: () => LoadRequest;
}

/** Which side (0 or 1) reads first in a round: 0 1, 1 0, 0 1, … so that a linear drift cancels over each pair. */
export function firstOfRound(round: number): 0 | 1 {
  return round % 2 === 0 ? 0 : 1;
}

/**
 * Several runs of one side as one: requests, failures and seconds summed, the percentiles and the
 * mean over every latency `latencies` holds (all the runs' requests), the server's CPU per
 * request over all the runs' successful requests.
 */
export function pooled(runs: LoadResult[], latencies: number[]): LoadResult {
  if (!runs.length) throw new Error('nothing to pool');
  const sorted = [...latencies].sort((a, b) => a - b);
  const requests = runs.reduce((sum, r) => sum + r.requests, 0);
  const failed = runs.reduce((sum, r) => sum + r.failed, 0);
  const seconds = runs.reduce((sum, r) => sum + r.seconds, 0);
  // `load` divides a run's CPU by its successful requests, at least one.
  const cpuMs = runs.every((r) => r.serverCpuMsPerRequest !== undefined)
    ? runs.reduce((sum, r) => sum + r.serverCpuMsPerRequest! * Math.max(1, r.requests - r.failed), 0)
    : undefined;
  return {
    connections: runs[0]!.connections,
    requests,
    failed,
    seconds,
    rps: (requests - failed) / seconds,
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
    mean: sorted.reduce((sum, value) => sum + value, 0) / (sorted.length || 1),
    firstFailure: runs.find((r) => r.firstFailure !== null)?.firstFailure ?? null,
    ...(cpuMs === undefined ? {} : { serverCpuMsPerRequest: cpuMs / Math.max(1, requests - failed) }),
  };
}

/**
 * Both sides warmed, then `rounds` rounds of one block of `blockSeconds` per side (one
 * connection: service time, no queueing), in the order `firstOfRound` gives; each side's blocks
 * pooled.
 */
export async function alternatedReads(
  sides: [Side, Side],
  options: { rounds: number; blockSeconds: number; warmupSeconds: number },
): Promise<[LoadResult, LoadResult]> {
  for (const side of sides) {
    await load(side.url, { connections: 1, duration: options.warmupSeconds, next: side.next });
  }
  const runs: [LoadResult[], LoadResult[]] = [[], []];
  const kept: [number[], number[]] = [[], []];
  for (let round = 0; round < options.rounds; round++) {
    const first = firstOfRound(round);
    for (const i of [first, 1 - first] as const) {
      const side = sides[i];
      runs[i].push(
        await load(side.url, {
          connections: 1,
          duration: options.blockSeconds,
          next: side.next,
          serverCpuMs: side.cpuMs,
          keep: kept[i],
        }),
      );
    }
  }
  return [pooled(runs[0], kept[0]), pooled(runs[1], kept[1])];
}
