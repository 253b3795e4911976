/** CPU time of this process so far (user + system, every thread: GC included), in µs. */
export function cpuMicros(): number {
  const usage = process.cpuUsage();
  return usage.user + usage.system;
}

/**
 * Times `work` in-process: a warm-up of up to 200 runs, then `runs` runs; prints the mean wall
 * time and the mean CPU time of the process (which a machine shared with other work inflates
 * less), in µs, and returns the wall time. For the in-process benchmarks (`machine-costs.ts`,
 * `floors.ts`).
 */
export function time(label: string, runs: number, work: () => void, width = 44): number {
  for (let i = 0; i < Math.min(runs, 200); i++) work();
  const cpu = cpuMicros();
  const start = process.hrtime.bigint();
  for (let i = 0; i < runs; i++) work();
  const micros = Number(process.hrtime.bigint() - start) / 1000 / runs;
  const cpuPerRun = (cpuMicros() - cpu) / runs;
  console.log(
    `${label.padEnd(width)} ${micros.toFixed(1).padStart(8)} µs ${cpuPerRun.toFixed(1).padStart(8)} µs CPU`,
  );
  return micros;
}
