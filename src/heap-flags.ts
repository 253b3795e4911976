import { setFlagsFromString } from 'node:v8';

/**
 * V8 heap settings the server sets on itself (bench/README.md, "Findings (2026-12-03: memory,
 * issue 17)"). Only flags V8 reads while it runs take effect this way; the heap's maximum sizes
 * are fixed when the process starts and stay `NODE_OPTIONS`' to set.
 *
 * Start-up allocates fast (Nest, Apollo, TypeORM and the definitions: some 40 MB of live heap in a
 * second), and V8 answers by growing its young generation from 2 × 1 MB to 2 × 16 MB, which it
 * then keeps, idle or not. The server therefore holds the growth factor at 1 until it listens
 * (`START_UP_FLAGS`), then sets the one it runs with (`runningFlags`).
 */
export interface HeapSettings {
  /**
   * HEAP_YOUNG_GROWTH: factor by which V8 may grow the young generation after a scavenge once the
   * server listens (`--semi-space-growth-factor`). 2 is V8's own; 1 keeps it at 2 × 1 MB for good,
   * which costs more scavenges (more CPU per request).
   */
  youngGrowth: number;
  /**
   * HEAP_GROWING_PERCENT: how far past the live heap the next full collection is set, in percent
   * (`--heap-growing-percent`); 0 leaves it to V8, which lets the heap grow up to 4 × when allocation is fast.
   */
  growingPercent: number;
}

export const DEFAULT_HEAP_SETTINGS: HeapSettings = { youngGrowth: 2, growingPercent: 50 };

/** Set before the server loads its modules. */
export const START_UP_FLAGS: readonly string[] = ['--semi-space-growth-factor=1'];

/** A whole number in [min, max], or the default when unset; anything else is refused. */
function wholeNumber(
  name: string,
  raw: string | undefined,
  fallback: number,
  min: number,
  max: number,
): number {
  const value = raw?.trim();
  if (!value) return fallback;
  const parsed = Number(value);
  if (!/^\d+$/.test(value) || parsed < min || parsed > max) {
    throw new Error(`${name}=${value}: a whole number from ${min} to ${max}`);
  }
  return parsed;
}

export function heapSettingsFromEnv(env: NodeJS.ProcessEnv): HeapSettings {
  return {
    youngGrowth: wholeNumber(
      'HEAP_YOUNG_GROWTH',
      env.HEAP_YOUNG_GROWTH,
      DEFAULT_HEAP_SETTINGS.youngGrowth,
      1,
      4,
    ),
    growingPercent: wholeNumber(
      'HEAP_GROWING_PERCENT',
      env.HEAP_GROWING_PERCENT,
      DEFAULT_HEAP_SETTINGS.growingPercent,
      0,
      1_000,
    ),
  };
}

/** The V8 flags the server runs with once it listens (the growth factor always: start-up changed it). */
export function runningFlags(settings: HeapSettings): string[] {
  return [
    `--semi-space-growth-factor=${settings.youngGrowth}`,
    ...(settings.growingPercent === 0 ? [] : [`--heap-growing-percent=${settings.growingPercent}`]),
  ];
}

/** The flags this process last set on itself; none until `setHeapFlags` (the CLI never does). */
let applied: readonly string[] = [];

export function setHeapFlags(flags: readonly string[]): void {
  for (const flag of flags) setFlagsFromString(flag);
  applied = [...flags];
}

/**
 * Sets again the flags this process last set on itself, if any. A worker thread, as it starts,
 * puts V8's flags back to their values at the process's start (Node 20; seen with
 * `--semi-space-growth-factor`, which went from 1 back to 2), on the worker's own thread: the
 * server calls this once the definitions' worker runs, or the rest of its start-up would grow the
 * young generation to 2 × 16 MiB after all.
 */
export function reapplyHeapFlags(): void {
  for (const flag of applied) setFlagsFromString(flag);
}
