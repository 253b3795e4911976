import { closeSync, openSync, readdirSync, readFileSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ServerProcess } from './server';

/** The node flag that lets `takeHeapSnapshot` ask the server for a snapshot. */
export const HEAP_SNAPSHOT_FLAG = '--heapsnapshot-signal=SIGUSR2';

/**
 * Asks a server started with HEAP_SNAPSHOT_FLAG for a heap snapshot (V8 collects the garbage
 * first, so it shows what is live) and waits until the file is complete. Node writes it into the
 * server's working directory (`dir`). Returns its path.
 */
export async function takeHeapSnapshot(server: ServerProcess, dir: string): Promise<string> {
  const before = new Set(readdirSync(dir));
  let lastSize = -1;
  process.kill(server.pid, 'SIGUSR2');
  for (let waited = 0; waited < 300_000; waited += 500) {
    await new Promise((r) => setTimeout(r, 500));
    const file = readdirSync(dir).find((f) => f.endsWith('.heapsnapshot') && !before.has(f));
    if (!file) continue;
    const path = join(dir, file);
    const size = statSync(path).size;
    // Complete when it stops growing and ends with the JSON's closing brace.
    if (size > 0 && size === lastSize && lastBytes(path, size).trimEnd().endsWith('}')) return path;
    lastSize = size;
  }
  throw new Error('no heap snapshot within 5 minutes');
}

function lastBytes(path: string, size: number): string {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(Math.min(16, size));
    readSync(fd, buffer, 0, buffer.length, size - buffer.length);
    return buffer.toString('utf8');
  } finally {
    closeSync(fd);
  }
}

export interface HeapGroup {
  name: string;
  count: number;
  selfMB: number;
}

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
}

/**
 * The live heap of a snapshot by what holds it: objects by constructor name, everything else
 * (strings, compiled code, closures, arrays, hidden classes…) by V8's node type. Self sizes only.
 */
export function summariseHeapSnapshot(path: string, top = 15): { totalMB: number; groups: HeapGroup[] } {
  const { snapshot, nodes, strings } = JSON.parse(readFileSync(path, 'utf8')) as Snapshot;
  const fields = snapshot.meta.node_fields;
  const types = snapshot.meta.node_types[0];
  const [typeAt, nameAt, sizeAt] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f));
  const groups = new Map<string, HeapGroup>();
  let total = 0;
  for (let i = 0; i < nodes.length; i += fields.length) {
    const type = types[nodes[i + typeAt!]!]!;
    const name = type === 'object' ? strings[nodes[i + nameAt!]!]! : `(${type})`;
    const size = nodes[i + sizeAt!]!;
    total += size;
    const group = groups.get(name) ?? { name, count: 0, selfMB: 0 };
    group.count += 1;
    group.selfMB += size / 1e6;
    groups.set(name, group);
  }
  const sorted = [...groups.values()].sort((a, b) => b.selfMB - a.selfMB).slice(0, top);
  return { totalMB: total / 1e6, groups: sorted };
}

export function renderHeapSummary(label: string, summary: ReturnType<typeof summariseHeapSnapshot>): string {
  const lines = summary.groups.map(
    (g) => `  ${g.selfMB.toFixed(1).padStart(7)} MB  ${String(g.count).padStart(8)}  ${g.name}`,
  );
  return `${label}: ${summary.totalMB.toFixed(1)} MB live\n${lines.join('\n')}`;
}
