import { DBOS } from '@dbos-inc/dbos-sdk';
import { postgresCpuMs } from './lib/postgres-cpu';

/**
 * The durable-workflow peer of `npm run bench:pg`, run by it in a child process of its own (so
 * that its CPU is its own): DBOS Transact on the same PostgreSQL server, one workflow per
 * convention, each receiving one message per transition (`DBOS.send` to a running workflow,
 * `DBOS.recv` in it: both durable before they return). `concurrency` senders at once, as the
 * API load has connections. A message counts once the workflow has received it: the run ends
 * when every workflow has received all of its messages.
 *
 *   node dist/bench/dbos-peer.js <database url> <workflows> <messages per workflow> <concurrency>
 *
 * Prints one JSON line: messages, seconds, messages/s, this process's CPU and PostgreSQL's.
 */

const TOPIC = 'transition';

async function convention(messages: number): Promise<number> {
  let received = 0;
  for (let i = 0; i < messages; i++) {
    const message = await DBOS.recv<number>(TOPIC, 120);
    if (message === null) throw new Error('no message within 120 s');
    received += 1;
  }
  return received;
}

const conventionWorkflow = DBOS.registerWorkflow(convention, { name: 'convention' });

async function main(): Promise<void> {
  const [url, workflowsArg, perWorkflowArg, concurrencyArg] = process.argv.slice(2);
  const workflows = Number(workflowsArg);
  const perWorkflow = Number(perWorkflowArg);
  const concurrency = Number(concurrencyArg);
  DBOS.setConfig({
    name: 'conventio-bench-peer',
    systemDatabaseUrl: url!,
    systemDatabasePoolSize: concurrency + 10,
    logLevel: 'error',
    runAdminServer: false,
  });
  await DBOS.launch();
  const handles = [];
  for (let i = 0; i < workflows; i++) {
    handles.push(
      await DBOS.startWorkflow(conventionWorkflow, { workflowID: `convention-${i}` })(perWorkflow),
    );
  }
  // Round-robin over workflows, as the API load spreads its transitions over conventions.
  const sends = Array.from({ length: workflows * perWorkflow }, (_, n) => ({
    to: `convention-${n % workflows}`,
    message: n,
  }));
  let next = 0;
  const cpuBefore = process.cpuUsage();
  const pgBefore = postgresCpuMs();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < sends.length) {
        const send = sends[next++]!;
        await DBOS.send(send.to, send.message, TOPIC);
      }
    }),
  );
  const received = (await Promise.all(handles.map((h) => h.getResult()))).reduce((a, b) => a + b, 0);
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const pgCpuMs = postgresCpuMs() - pgBefore;
  await DBOS.shutdown();
  console.log(
    JSON.stringify({
      messages: received,
      seconds,
      perSecond: received / seconds,
      nodeCpuMs: (cpu.user + cpu.system) / 1000,
      postgresCpuMs: pgCpuMs,
    }),
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
