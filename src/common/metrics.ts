import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * The process's Prometheus metrics, served at `GET /metrics`. One registry per process: every
 * counter below counts what this instance did (a cluster sums its instances).
 */
export const metricsRegistry = new Registry();

const requests = new Counter({
  name: 'conventio_requests_total',
  help: 'HTTP requests by operation (GraphQL type and root field, or route) and result code',
  labelNames: ['operation', 'code'] as const,
  registers: [metricsRegistry],
});

const requestSeconds = new Histogram({
  name: 'conventio_request_duration_seconds',
  help: 'HTTP request durations by operation and result code',
  labelNames: ['operation', 'code'] as const,
  buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  registers: [metricsRegistry],
});

const transitions = new Counter({
  name: 'conventio_transitions_total',
  help: 'Events appended (committed), by event type',
  labelNames: ['event_type'] as const,
  registers: [metricsRegistry],
});

const deadlinesFired = new Counter({
  name: 'conventio_deadlines_fired_total',
  help: 'Deadlines fired as system events (committed), by event type',
  labelNames: ['event_type'] as const,
  registers: [metricsRegistry],
});

const commitGroups = new Histogram({
  name: 'conventio_sqlite_commit_group_size',
  help: 'Writes sharing one SQLite commit (group commit)',
  buckets: [1, 2, 4, 8, 16, 32, 64],
  registers: [metricsRegistry],
});

const writeSeconds = new Histogram({
  name: 'conventio_sqlite_write_seconds',
  help:
    'Where a SQLite write waits, per write: queued (for the writer, behind the group running), ' +
    'transaction (its group, BEGIN to COMMIT), durable (from COMMIT to the log flush that covers it being seen)',
  labelNames: ['phase'] as const,
  buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25],
  registers: [metricsRegistry],
});

let defaultsCollected = false;

/** Adds Node's own metrics (event-loop lag, heap, CPU, handles) once per process. */
export function collectProcessMetrics(): void {
  if (defaultsCollected) return;
  defaultsCollected = true;
  collectDefaultMetrics({ register: metricsRegistry });
  // prom-client reports the heap and `external`, not the ArrayBuffers within it (Buffers, WAL pages).
  new Gauge({
    name: 'conventio_process_array_buffers_bytes',
    help: 'Memory of ArrayBuffers and Buffers (process.memoryUsage().arrayBuffers)',
    registers: [metricsRegistry],
    collect() {
      this.set(process.memoryUsage().arrayBuffers);
    },
  });
}

export function observeRequest(operation: string, code: string, seconds: number): void {
  requests.inc({ operation, code });
  requestSeconds.observe({ operation, code }, seconds);
}

/** The events of one committed write; those by the system actor are deadlines that fired. */
export function countCommittedEvents(events: readonly { type: string; actorRole: string }[]): void {
  for (const event of events) {
    transitions.inc({ event_type: event.type });
    if (event.actorRole === 'system') deadlinesFired.inc({ event_type: event.type });
  }
}

export function observeCommitGroup(size: number): void {
  commitGroups.observe(size);
}

export type WritePhase = 'queued' | 'transaction' | 'durable';

export function observeWritePhase(phase: WritePhase, seconds: number): void {
  writeSeconds.observe({ phase }, seconds);
}

const liveActorLookups = new Counter({
  name: 'conventio_live_actors_total',
  help:
    "A write's machine: hit (kept in memory at the stream's version) or miss (restored from the stored snapshot); " +
    'a high share of misses under a steady load says LIVE_ACTORS is smaller than the set of conventions being written',
  labelNames: ['outcome'] as const,
  registers: [metricsRegistry],
});

export function countLiveActorLookup(outcome: 'hit' | 'miss'): void {
  liveActorLookups.inc({ outcome });
}

const memoryTrims = new Counter({
  name: 'conventio_memory_trims_total',
  help:
    "Times the server gave the C allocator's free pages back after a quiet spell (MEMORY_TRIM_QUIET_SECONDS), " +
    'by result: released, none (nothing to give back), unsupported (not glibc)',
  labelNames: ['result'] as const,
  registers: [metricsRegistry],
});

/** One trim's result as `trim()` gives it: 1 released memory, 0 found none, -1 cannot. */
export function countMemoryTrim(result: number): void {
  memoryTrims.inc({ result: result === 1 ? 'released' : result === 0 ? 'none' : 'unsupported' });
}
