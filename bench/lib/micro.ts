/**
 * Times `work` in-process: a warm-up of up to 200 runs, then `runs` runs; prints and returns the
 * mean in µs. For the in-process benchmarks (`machine-costs.ts`, `floors.ts`).
 */
export function time(label: string, runs: number, work: () => void, width = 44): number {
  for (let i = 0; i < Math.min(runs, 200); i++) work();
  const start = process.hrtime.bigint();
  for (let i = 0; i < runs; i++) work();
  const micros = Number(process.hrtime.bigint() - start) / 1000 / runs;
  console.log(`${label.padEnd(width)} ${micros.toFixed(1).padStart(8)} µs`);
  return micros;
}
