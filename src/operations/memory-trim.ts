import { trim as mallocTrim } from '@conventio/memory-trim';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { countMemoryTrim } from '../common/metrics';

/**
 * Gives the C allocator's free pages back to the operating system once the server has been quiet
 * (bench/README.md, "Findings (2026-12-06, later: idle memory)").
 *
 * glibc's malloc releases memory on its own only from the top of its heap. Start-up (module
 * sources read into buffers, V8's parsers and compilers, SQLite) and every burst of requests leave
 * free pages in the middle of it, which stay resident: about 7–9 MB of an idle server's RSS.
 * `malloc_trim(0)` returns them with `madvise`; it walks the allocator's free lists, so it runs
 * once per quiet spell, not on a timer regardless of load.
 */
export class IdleMemoryTrim {
  private lastActivity: number;
  private trimmedSinceActivity = false;

  constructor(
    /** How long without a request before trimming, in ms. */
    private readonly quietMs: number,
    /** Monotonic milliseconds (performance.now in the server). */
    private readonly now: () => number,
    /** The trim itself: 1 released memory, 0 found none, -1 cannot (not glibc). */
    private readonly trim: () => number,
  ) {
    // Start-up counts as activity: the first quiet spell starts when the server listens.
    this.lastActivity = now();
  }

  /** A request arrived: the next quiet spell starts after it. */
  noteActivity(): void {
    this.lastActivity = this.now();
    this.trimmedSinceActivity = false;
  }

  /** Trims if the server has been quiet long enough and has not trimmed since; the trim's result, or null. */
  check(): number | null {
    if (this.trimmedSinceActivity || this.now() - this.lastActivity < this.quietMs) return null;
    this.trimmedSinceActivity = true;
    return this.trim();
  }
}

export interface TrimWhenIdle {
  stop(): void;
}

/**
 * Trims once the server has had no HTTP request (GraphQL, pages, feeds, health checks) for
 * `quietSeconds`, checking every half of that; 0 turns it off.
 */
export function trimWhenIdle(fastify: FastifyInstance, quietSeconds: number, logger: Logger): TrimWhenIdle {
  if (quietSeconds === 0) return { stop: () => undefined };
  const quietMs = quietSeconds * 1_000;
  // RSS is read around the trim only, not at every check of a busy server.
  const trimAndReport = () => {
    const rssBefore = process.memoryUsage.rss();
    const result = mallocTrim();
    countMemoryTrim(result);
    logger.debug(
      { released: result === 1, rssBeforeMB: mb(rssBefore), rssAfterMB: mb(process.memoryUsage.rss()) },
      'memory trimmed after a quiet spell',
    );
    return result;
  };
  const idle = new IdleMemoryTrim(quietMs, () => performance.now(), trimAndReport);
  fastify.addHook('onRequest', (_request, _reply, done) => {
    idle.noteActivity();
    done();
  });
  const timer = setInterval(() => idle.check(), quietMs / 2);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

const mb = (bytes: number) => Math.round(bytes / 1e5) / 10;
