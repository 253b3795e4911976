import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { GraphQLClient, percentile, pool } from './client';
import { createToken, ServerProcess } from './server';

export interface CatchUpResult {
  conventions: number;
  years: number;
  /** Deadlines advanceClock fired (each one event, in its own transaction). */
  fired: number;
  seconds: number;
  firedPerSecond: number;
  /** `{ me }` asked one after the other, without pause, while the catch-up ran. */
  meCalls: number;
  meP50: number;
  meP99: number;
  /** The longest any `{ me }` waited: the worst stall of the server's event loop, seen from outside. */
  meMax: number;
  /** The same with the server idle just before, for comparison on a shared machine. */
  idleP99: number;
  idleMax: number;
}

const CREATE = `mutation { createConvention(input: { workflowId: "halde-amf-2010" }) { convention { id } } }`;
const SIGN = `mutation($id: ID!) { signConvention(input: { conventionId: $id }) { convention { status } } }`;
const ADVANCE = `mutation($to: String!) { advanceClock(input: { to: $to }) { fired { kind } } }`;
const ME = '{ me { id } }';
const START = '2026-01-05T08:00:00.000Z';

/**
 * Years of deadlines at once: `conventions` HALDE–AMF conventions (tacit yearly renewal) signed
 * under a manual clock, which then jumps `years` ahead in one advanceClock. Meanwhile one client
 * asks `{ me }` without pause; its latencies show how long the catch-up holds other requests.
 */
export async function measureCatchUp(
  parentDir: string,
  options: { conventions: number; years: number; nodeArgs: string[] },
): Promise<CatchUpResult> {
  const dir = join(parentDir, 'catch-up');
  mkdirSync(dir, { recursive: true });
  const { server } = await ServerProcess.start(dir, null, options.nodeArgs, {
    CLOCK: 'manual',
    CLOCK_START: START,
  });
  try {
    const [admin, auditor, halde, amf] = await Promise.all([
      createToken(dir, 'admin', 'Bench admin'),
      createToken(dir, 'auditor', 'Bench auditor'),
      createToken(dir, 'representative', 'Bench HALDE', 'halde'),
      createToken(dir, 'representative', 'Bench AMF', 'amf'),
    ]);
    const client = new GraphQLClient(server.url);
    await pool(options.conventions, 8, async () => {
      const created = await client.ok<{ createConvention: { convention: { id: string } } }>(admin, CREATE);
      const id = created.createConvention.convention.id;
      await client.ok(amf, SIGN, { id });
      await client.ok(halde, SIGN, { id });
    });

    const poll = async (until: () => boolean): Promise<number[]> => {
      const latencies: number[] = [];
      while (!until()) {
        const started = performance.now();
        await client.ok(auditor, ME);
        latencies.push(performance.now() - started);
      }
      return latencies.sort((a, b) => a - b);
    };
    const idleUntil = performance.now() + 2_000;
    const idle = await poll(() => performance.now() >= idleUntil);

    const to = new Date(Date.parse(START) + options.years * 365.25 * 86_400_000).toISOString();
    let done = false;
    const started = performance.now();
    const advance = client
      .ok<{ advanceClock: { fired: unknown[] } }>(admin, ADVANCE, { to })
      .finally(() => (done = true));
    const [answer, busy] = await Promise.all([advance, poll(() => done)]);
    const seconds = (performance.now() - started) / 1000;
    const fired = answer.advanceClock.fired.length;
    return {
      conventions: options.conventions,
      years: options.years,
      fired,
      seconds,
      firedPerSecond: fired / seconds,
      meCalls: busy.length,
      meP50: percentile(busy, 50),
      meP99: percentile(busy, 99),
      meMax: busy.at(-1) ?? NaN,
      idleP99: percentile(idle, 99),
      idleMax: idle.at(-1) ?? NaN,
    };
  } finally {
    await server.stop();
  }
}
