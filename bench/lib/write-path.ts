import { sampleOf } from './memory';

/**
 * Where the transitions of a load waited, from the server's own `/metrics` scraped before and after
 * it: the SQLite writer's phases (`conventio_sqlite_write_seconds`), its groups, the event loop's lag
 * and the time V8 spent collecting. Means per write, in ms (absent on PostgreSQL, which has no
 * writer queue).
 */
export interface WritePath {
  writes: number;
  /** Writes per commit. */
  groupSize: number;
  /** Waiting for the writer, behind the group that ran. */
  queuedMs: number;
  /** Its group's transaction, BEGIN to COMMIT: its own work and that of the writes before it. */
  transactionMs: number;
  /** From COMMIT until the log flush that covers it is seen by the event loop. */
  durableMs: number;
  /** Collections (every kind) during the load, per write. */
  gcMsPerWrite: number;
  /** The event loop's lag over the load (prom-client's monitor, reset at each scrape). */
  eventLoopLagP50Ms: number;
  eventLoopLagP99Ms: number;
  /**
   * Of the machines the writes decided with, the share kept in memory at the stream's version
   * (`conventio_live_actors_total`); the others were restored from their stored snapshot
   * (absent before 2026-12-07's evening).
   */
  liveActorHits?: number;
}

/** The sum of every sample of `name` whose labels contain `labels` (e.g. `kind="minor"`), NaN when none. */
function total(text: string, name: string, labels = ''): number {
  let sum = NaN;
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (labels && !line.includes(labels)) continue;
    sum = (Number.isNaN(sum) ? 0 : sum) + Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return sum;
}

export function writePathBetween(before: string, after: string): WritePath | undefined {
  const moved = (name: string, labels = '') =>
    total(after, name, labels) - (total(before, name, labels) || 0);
  const writes = moved('conventio_sqlite_write_seconds_count', 'phase="queued"');
  if (!(writes > 0)) return undefined;
  const meanMs = (phase: string) =>
    (moved('conventio_sqlite_write_seconds_sum', `phase="${phase}"`) * 1000) /
    moved('conventio_sqlite_write_seconds_count', `phase="${phase}"`);
  return {
    writes,
    groupSize: writes / moved('conventio_sqlite_commit_group_size_count'),
    queuedMs: meanMs('queued'),
    transactionMs: meanMs('transaction'),
    durableMs: meanMs('durable'),
    gcMsPerWrite: (moved('nodejs_gc_duration_seconds_sum') * 1000) / writes,
    eventLoopLagP50Ms: sampleOf(after, 'nodejs_eventloop_lag_p50_seconds') * 1000,
    eventLoopLagP99Ms: sampleOf(after, 'nodejs_eventloop_lag_p99_seconds') * 1000,
    liveActorHits: hitShare(liveActorLookupsBetween(before, after)),
  };
}

/** Live-actor lookups between two scrapes: machines found kept (hit) and restored (miss). */
export function liveActorLookupsBetween(before: string, after: string): { hit: number; miss: number } {
  // A labelled counter has no line until its first increment: none counted yet.
  const counted = (text: string, outcome: string) =>
    total(text, 'conventio_live_actors_total', `outcome="${outcome}"`) || 0;
  const moved = (outcome: string) => counted(after, outcome) - counted(before, outcome);
  return { hit: moved('hit'), miss: moved('miss') };
}

/** The share of lookups that found the machine kept (NaN when none). */
export function hitShare({ hit, miss }: { hit: number; miss: number }): number {
  return hit / (hit + miss);
}
