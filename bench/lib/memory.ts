import { ServerProcess } from './server';

/**
 * The server's memory at one phase of a run: RSS from /proc (what the targets are about), the rest
 * from its `GET /metrics` (prom-client's process metrics and `conventio_process_array_buffers_bytes`,
 * all read from `process.memoryUsage()` and V8's heap statistics at the scrape). In MB (10^6 bytes).
 */
export interface MemoryPhase {
  phase: string;
  rssMB: number;
  /** Highest RSS since start (VmHWM). */
  peakRssMB: number;
  /**
   * The anonymous part of RSS (RssAnon): V8's heap, malloc's arenas (SQLite's page caches among
   * them), thread stacks; RSS minus this is mapped files, mostly code.
   */
  anonRssMB: number;
  heapUsedMB: number;
  heapTotalMB: number;
  /** V8's young generation as committed (both semi-spaces): part of heapTotal. */
  newSpaceMB: number;
  /** Memory of C++ objects bound to JavaScript ones (Buffers included). */
  externalMB: number;
  arrayBuffersMB: number;
}

const MB = (bytes: number) => bytes / 1e6;

/** The value of one sample of a Prometheus text exposition (first match), NaN when absent. */
export function sampleOf(text: string, name: string, labels = ''): number {
  const pattern = new RegExp(`^${name}${labels.replace(/[{}]/g, '\\$&')}\\s+([0-9.e+-]+)`, 'm');
  return Number(pattern.exec(text)?.[1] ?? NaN);
}

/** The server's `GET /metrics` (Prometheus text), from its GraphQL URL. */
export async function scrapeMetrics(graphqlUrl: string): Promise<string> {
  return (await fetch(graphqlUrl.replace(/\/graphql$/, '/metrics'))).text();
}

export async function memoryPhase(server: ServerProcess, phase: string): Promise<MemoryPhase> {
  // Read RSS first: the scrape itself allocates.
  const { rssMiB, peakRssMiB, anonRssMiB } = server.memory();
  const text = await scrapeMetrics(server.url);
  return {
    phase,
    rssMB: MB(rssMiB * 2 ** 20),
    peakRssMB: MB(peakRssMiB * 2 ** 20),
    anonRssMB: MB(anonRssMiB * 2 ** 20),
    heapUsedMB: MB(sampleOf(text, 'nodejs_heap_size_used_bytes')),
    heapTotalMB: MB(sampleOf(text, 'nodejs_heap_size_total_bytes')),
    newSpaceMB: MB(sampleOf(text, 'nodejs_heap_space_size_total_bytes', '{space="new"}')),
    externalMB: MB(sampleOf(text, 'nodejs_external_memory_bytes')),
    arrayBuffersMB: MB(sampleOf(text, 'conventio_process_array_buffers_bytes')),
  };
}

const fmt = (value: number) =>
  Number.isFinite(value) ? value.toLocaleString('en-US', { maximumFractionDigits: 1 }) : 'n/a';

/** The phases as rows of a Markdown table (with its header). */
export function memoryRows(phases: readonly MemoryPhase[]): string[][] {
  return [
    [
      'server memory by phase (MB)',
      'RSS',
      'peak RSS',
      'anonymous RSS',
      'heap used',
      'heap total',
      'of which young gen',
      'external',
      'array buffers',
    ],
    ...phases.map((p) => [
      p.phase,
      fmt(p.rssMB),
      fmt(p.peakRssMB),
      fmt(p.anonRssMB),
      fmt(p.heapUsedMB),
      fmt(p.heapTotalMB),
      fmt(p.newSpaceMB),
      fmt(p.externalMB),
      fmt(p.arrayBuffersMB),
    ]),
  ];
}
