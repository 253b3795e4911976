import { load, LoadResult } from './load';
import { ServerProcess } from './server';

/**
 * The README's list of conventions with their commitments and what the token may do on each, at
 * the largest page the default QUERY_MAX_COST accepts: cost 9,937 (47 conventions cost 10,153).
 */
export const HEAVIEST_ACCEPTED = `query { conventions(first: 46) { totalCount edges { node { id status noticeDeadline
  term { number startsOn endsOn } allowedActions commitments { key status dueOn allowedActions } } } } }`;

/** 1,000 aliases of a page of 100 conventions (60 kB): what grew the heap to 4 GB before the limits. */
export const ALIAS_BOMB = `{ ${Array.from(
  { length: 1_000 },
  (_, i) =>
    `a${i}: conventions(first: 100) { edges { node { allowedActions commitments { allowedActions } } } }`,
).join(' ')} }`;

export interface HeavyQueryResult {
  accepted: LoadResult;
  /** Every answer was a refusal: `failed` is the number of requests. */
  refused: LoadResult;
  rssBeforeMB: number;
  rssAfterMB: number;
  peakRssMB: number;
}

/**
 * The most expensive accepted query, one request after the other for `seconds`, and the server's
 * RSS around it; then the alias bomb, which must be refused at the cost of a parse.
 */
export async function measureHeavyQuery(
  server: ServerProcess,
  token: string,
  seconds: number,
): Promise<HeavyQueryResult> {
  const before = server.memory();
  const accepted = await load(server.url, {
    connections: 1,
    duration: seconds,
    next: () => ({ token, query: HEAVIEST_ACCEPTED }),
    serverCpuMs: server.cpuMs,
  });
  const after = server.memory();
  const refused = await load(server.url, {
    connections: 1,
    duration: Math.min(seconds, 2),
    next: () => ({ token, query: ALIAS_BOMB }),
  });
  // autocannon counts a 400 twice: as non-2xx, and as a body without data.
  if (refused.failed < refused.requests)
    throw new Error(`the alias bomb was answered: ${refused.firstFailure}`);
  return {
    accepted,
    refused: { ...refused, failed: refused.requests, rps: refused.requests / refused.seconds },
    rssBeforeMB: (before.rssMiB * 2 ** 20) / 1e6,
    rssAfterMB: (after.rssMiB * 2 ** 20) / 1e6,
    peakRssMB: (server.memory().peakRssMiB * 2 ** 20) / 1e6,
  };
}
