import autocannon from 'autocannon';
import { performance } from 'node:perf_hooks';
import { percentile } from './client';

export interface LoadRequest {
  token: string;
  query: string;
  variables?: Record<string, unknown>;
}

export interface LoadOptions {
  connections: number;
  /** Seconds; or `amount` requests in all. */
  duration?: number;
  amount?: number;
  /** The request to send next; called once per request. */
  next: () => LoadRequest;
  /** CPU time the server's main thread has used so far, in ms: when given, the result says what each request cost it. */
  serverCpuMs?: () => number;
  /** When given, every request's latency (ms) is also pushed here, to pool several runs' percentiles. */
  keep?: number[];
}

export interface LoadResult {
  connections: number;
  requests: number;
  /** HTTP errors, timeouts, non-2xx answers, and answers carrying GraphQL `errors`. */
  failed: number;
  seconds: number;
  /** Successful requests per second over the run. */
  rps: number;
  p50: number;
  p90: number;
  p99: number;
  mean: number;
  /** The first failing answer, if any, to show what went wrong. */
  firstFailure: string | null;
  /**
   * The server main thread's CPU time (user + system) over the run divided by the successful
   * requests, in ms. Less sensitive than req/s to what else the shared machine runs: what a
   * request costs, not how long it waited.
   */
  serverCpuMsPerRequest?: number;
}

/**
 * Drives the server with autocannon (from this process, the server being another one). Each
 * request is built by `next()`; latencies are the exact per-request times autocannon
 * measures (its own histogram rounds to whole milliseconds).
 */
export function load(url: string, options: LoadOptions): Promise<LoadResult> {
  const { pathname, host } = new URL(url);
  const latencies: number[] = [];
  let firstFailure: string | null = null;
  let lastAnswer: number | null = null;
  return new Promise((resolveResult, reject) => {
    const started = performance.now();
    const cpuAtStart = options.serverCpuMs?.();
    const instance = autocannon(
      {
        url,
        connections: options.connections,
        ...(options.amount ? { amount: options.amount } : { duration: options.duration ?? 5 }),
        timeout: 30,
        requests: [
          {
            method: 'POST',
            path: pathname,
            setupRequest: (request) => {
              const next = options.next();
              return {
                ...request,
                headers: {
                  ...request.headers,
                  host,
                  'content-type': 'application/json',
                  authorization: `Bearer ${next.token}`,
                },
                body: JSON.stringify({ query: next.query, variables: next.variables ?? {} }),
              };
            },
          },
        ],
        verifyBody: (body) => {
          const text = String(body);
          const ok = text.startsWith('{"data"') && !text.includes('"errors"');
          if (!ok && firstFailure === null) firstFailure = text.slice(0, 500);
          return ok;
        },
      },
      (error, result) => {
        if (error) return reject(error);
        // Up to the last answer: autocannon itself reports only on its one-second ticks, which
        // would round a short run's length up to a whole second.
        const seconds = ((lastAnswer ?? performance.now()) - started) / 1000;
        const failed = result.errors + result.timeouts + result.non2xx + result.mismatches;
        const requests = latencies.length;
        latencies.sort((a, b) => a - b);
        resolveResult({
          connections: options.connections,
          requests,
          failed,
          seconds,
          rps: (requests - failed) / seconds,
          p50: percentile(latencies, 50),
          p90: percentile(latencies, 90),
          p99: percentile(latencies, 99),
          mean: latencies.reduce((sum, value) => sum + value, 0) / (requests || 1),
          firstFailure,
          ...(options.serverCpuMs && cpuAtStart !== undefined
            ? { serverCpuMsPerRequest: (options.serverCpuMs() - cpuAtStart) / Math.max(1, requests - failed) }
            : {}),
        });
      },
    );
    instance.on('response', (_client, _status, _bytes, responseTime) => {
      latencies.push(responseTime);
      options.keep?.push(responseTime);
      lastAnswer = performance.now();
    });
  });
}
