/** Longest wait between two attempts, however many failed. */
export const MAX_BACKOFF_MS = 6 * 3_600_000;

/** Wait before the next attempt after `failures` failed ones: base, 2 × base, 4 × base … capped. */
export function backoffMs(failures: number, baseMs: number): number {
  return Math.min(baseMs * 2 ** Math.max(0, failures - 1), MAX_BACKOFF_MS);
}
