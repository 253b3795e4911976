import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { StoredEvent } from '../events/stored-event';
import { ConventionDefinition } from '../machines/definition';
import { ReplayFailure } from './replay';

/**
 * Replays the conventions of an export on worker threads, each stream with one machine from its
 * creation (replay.ts, as in one thread). Streams go out in batches, numbered in reading order,
 * and their outcomes come back in any order: `settle` names the first failing stream in reading
 * order, so the verdict is the one a single thread reaches, whichever thread finished first.
 */

export const REPLAY_WORKER_FILE = join(__dirname, 'replay-worker.js');

/** Below this many events (the export header's log size) threads cost more than they save. */
export const MIN_EVENTS_FOR_WORKERS = 2_000;

/** Events a batch gathers before it is sent, and batches a thread may have queued. */
const BATCH_EVENTS = 1_000;
const BATCHES_IN_FLIGHT = 4;

export type PoolMessage =
  | { type: 'definition'; ref: string; body: ConventionDefinition }
  | { type: 'batch'; first: number; streams: StoredEvent[][] };

export interface BatchResult {
  first: number;
  /** Streams replayed, and their events. */
  count: number;
  events: number;
  failures: ({ offset: number } & ReplayFailure)[];
}

export interface StreamFailure {
  /** The stream's place in reading order (0 for the first convention of the export). */
  index: number;
  failure: ReplayFailure;
}

/** How many threads replay: `requested` when given, otherwise one per core for a large export. */
export function replayThreads(requested: number | undefined, logSize: number): number {
  if (requested !== undefined) return requested;
  if (logSize < MIN_EVENTS_FOR_WORKERS || !existsSync(REPLAY_WORKER_FILE)) return 0;
  return availableParallelism();
}

interface Thread {
  worker: Worker;
  /** Events sent and not yet answered. */
  pending: number;
  batches: number;
}

export class ReplayPool {
  private readonly threads: Thread[];
  private batch: StoredEvent[][] = [];
  private batchEvents = 0;
  private submitted = 0;
  private answered = 0;
  private readonly failures: StreamFailure[] = [];
  private error: Error | null = null;
  private wake: (() => void) | null = null;

  constructor(size: number, file = REPLAY_WORKER_FILE) {
    if (!existsSync(file)) throw new Error(`cannot replay on threads: ${file} is not built`);
    this.threads = Array.from({ length: size }, () => this.spawn(file));
  }

  /** Whether some stream is already known to fail (reading can stop: the verdict is settled). */
  get failed(): boolean {
    return this.failures.length > 0 || this.error !== null;
  }

  /** A definition as read: streams closed from now on replay against it, earlier ones do not. */
  define(ref: string, body: ConventionDefinition): void {
    this.flush();
    for (const thread of this.threads) thread.worker.postMessage({ type: 'definition', ref, body });
  }

  submit(stream: StoredEvent[]): void {
    this.batch.push(stream);
    this.batchEvents += stream.length;
    this.submitted += 1;
    if (this.batchEvents >= BATCH_EVENTS) this.flush();
  }

  /** Whether every thread has its fill of batches queued: reading should wait (`ready`). */
  get busy(): boolean {
    return !this.error && this.threads.every((t) => t.batches >= BATCHES_IN_FLIGHT);
  }

  /** Resolves once a thread has room for another batch (reading waits, memory stays bounded). */
  async ready(): Promise<void> {
    while (this.busy) await this.answer();
  }

  /** Waits for every stream submitted; the first failing one in reading order, or null. */
  async settle(): Promise<StreamFailure | null> {
    this.flush();
    while (!this.error && this.answered < this.submitted) await this.answer();
    if (this.error) throw this.error;
    return this.failures.reduce<StreamFailure | null>(
      (first, f) => (first === null || f.index < first.index ? f : first),
      null,
    );
  }

  async close(): Promise<void> {
    await Promise.all(this.threads.map((t) => t.worker.terminate()));
  }

  private flush(): void {
    if (!this.batch.length) return;
    const thread = this.threads.reduce((least, t) => (t.pending < least.pending ? t : least));
    const message: PoolMessage = {
      type: 'batch',
      first: this.submitted - this.batch.length,
      streams: this.batch,
    };
    thread.worker.postMessage(message);
    thread.pending += this.batchEvents;
    thread.batches += 1;
    this.batch = [];
    this.batchEvents = 0;
  }

  private spawn(file: string): Thread {
    const thread: Thread = { worker: new Worker(file), pending: 0, batches: 0 };
    thread.worker.on('message', (result: BatchResult) => {
      thread.batches -= 1;
      thread.pending -= result.events;
      this.answered += result.count;
      for (const { offset, ...failure } of result.failures) {
        this.failures.push({ index: result.first + offset, failure });
      }
      this.wakeUp();
    });
    thread.worker.on('error', (error) => {
      this.error = error;
      this.wakeUp();
    });
    thread.worker.on('exit', (code) => {
      if (code !== 0 && !this.error) this.error = new Error(`a replay thread stopped (exit code ${code})`);
      this.wakeUp();
    });
    return thread;
  }

  private answer(): Promise<void> {
    return new Promise((resolve) => (this.wake = resolve));
  }

  private wakeUp(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }
}
