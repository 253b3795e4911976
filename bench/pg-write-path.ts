/**
 * The write path on PostgreSQL without HTTP: `markCommitmentDone` one after another, in-process,
 * on a fresh database, through the write side the server builds (the medium tests' store: the
 * real services and repositories, a manual clock). Sequential, so each transition's figures are
 * its own, steadier than `bench:pg`'s closed loop of 20 connections on a shared 2-core machine.
 *
 * Per transition: wall time; this process's CPU; the machine's CPU (PostgreSQL's backends
 * included, from /proc/stat); the machine's context switches and this process's voluntary ones
 * (each wait for PostgreSQL that finds no answer yet puts it to sleep); and, watched at the
 * driver, the statements sent and the round trips they took (a statement sent while an earlier
 * one on its connection is unanswered rides in that one's round trip).
 *
 *   npm run bench:pg-write [-- --conventions 120 --rounds 3]
 *
 * For a before/after pair, run the compiled file from a build of each commit (bench/README.md).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Client } from 'pg';
import { openMediumStore, representative } from '../test/medium/support/medium-store';
import { machineCpuMs } from './lib/postgres-cpu';

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
}

/** The machine's context switches since boot, from /proc/stat. */
function contextSwitches(): number {
  return Number(/^ctxt (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'))![1]);
}

function voluntarySwitches(): number {
  return Number(/^voluntary_ctxt_switches:\s+(\d+)$/m.exec(readFileSync('/proc/self/status', 'utf8'))![1]);
}

/** Counts statements and round trips at node-postgres's `Client#query`. */
function watchTheWire(): { statements: number; roundTrips: number } {
  const counts = { statements: 0, roundTrips: 0 };
  const outstanding = new WeakMap<Client, number>();
  const query = Client.prototype.query as (...args: unknown[]) => unknown;
  Client.prototype.query = function (this: Client, ...args: unknown[]) {
    const waiting = outstanding.get(this) ?? 0;
    counts.statements += 1;
    if (waiting === 0) counts.roundTrips += 1;
    outstanding.set(this, waiting + 1);
    const answer = query.apply(this, args);
    const answered = () => outstanding.set(this, (outstanding.get(this) ?? 1) - 1);
    if (answer instanceof Promise) answer.then(answered, answered);
    return answer;
  } as typeof Client.prototype.query;
  return counts;
}

async function round(conventions: number, wire: { statements: number; roundTrips: number }) {
  // Compiled to dist/bench: the definitions are the project's own `workflows/`.
  const store = await openMediumStore({
    dialect: 'postgres',
    workflowsDir: resolve(__dirname, '../../workflows'),
  });
  try {
    const targets: { party: string; commitmentId: string }[] = [];
    for (let i = 0; i < conventions; i++) {
      const id = await store.signedHaldeAmf();
      targets.push(
        { party: 'halde', commitmentId: `${id}:halde-shares-information` },
        { party: 'amf', commitmentId: `${id}:amf-relays-information` },
      );
    }
    // What autovacuum gives a deployment within a minute of its first writes: statistics of the
    // filled tables, which replan the named statements planned while the tables were empty (a
    // sequential scan of `commitments` kept by a generic plan, otherwise).
    await store.db.read.query('ANALYZE');
    const [statements, roundTrips] = [wire.statements, wire.roundTrips];
    const busy = machineCpuMs().busy;
    const switches = contextSwitches();
    const voluntary = voluntarySwitches();
    const cpu = process.cpuUsage();
    const started = performance.now();
    for (const target of targets) {
      await store.service.markCommitmentDone({
        actor: representative(target.party),
        commitmentId: target.commitmentId,
        note: 'bench',
        evidenceUrl: null,
      });
    }
    const n = targets.length;
    const wall = performance.now() - started;
    const used = process.cpuUsage(cpu);
    return {
      n,
      wallMs: wall / n,
      nodeCpuMs: (used.user + used.system) / 1000 / n,
      machineCpuMs: (machineCpuMs().busy - busy) / n,
      switches: (contextSwitches() - switches) / n,
      nodeSleeps: (voluntarySwitches() - voluntary) / n,
      statements: (wire.statements - statements) / n,
      roundTrips: (wire.roundTrips - roundTrips) / n,
    };
  } finally {
    await store.dispose();
  }
}

async function main(): Promise<void> {
  const conventions = option('conventions', 120);
  const rounds = option('rounds', 3);
  const wire = watchTheWire();
  console.log(
    `markCommitmentDone on PostgreSQL, in-process and sequential: ${2 * conventions} transitions per round, ${rounds} rounds`,
  );
  console.log(
    '| round | wall ms | Node CPU ms | machine CPU ms | context switches | Node sleeps | statements | round trips |',
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
  for (let r = 1; r <= rounds; r++) {
    const f = await round(conventions, wire);
    console.log(
      `| ${r} | ${f.wallMs.toFixed(2)} | ${f.nodeCpuMs.toFixed(2)} | ${f.machineCpuMs.toFixed(2)} | ` +
        `${f.switches.toFixed(1)} | ${f.nodeSleeps.toFixed(2)} | ${f.statements.toFixed(1)} | ${f.roundTrips.toFixed(1)} |`,
    );
  }
  console.log(
    'per transition; machine CPU and context switches are the whole machine (PostgreSQL included, and anything else running)',
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
