// First: V8 reads these flags while it runs, and loading the modules below is what grows the heap.
import './apply-heap-flags';
import 'reflect-metadata';
import { configFromEnv, describeDatabase } from './config';
import { reapplyHeapFlags, runningFlags, setHeapFlags } from './heap-flags';
import { loadDefinitionsApart } from './workflows/load-definitions-apart';
import { DefinitionLoadError } from './workflows/loaded-definition';

async function main(): Promise<void> {
  const config = configFromEnv();
  // The definitions load on a thread of their own while this one loads the server's modules
  // (bench/README.md, "Findings (2026-12-06, latest: start-up's parsers apart)").
  const { definitions } = await loadDefinitionsApart(config.workflowsDir);
  // That thread's start raised V8's young-generation growth factor back to 2: start-up's again.
  reapplyHeapFlags();
  const { startServer } = await import('./app/server');
  const server = await startServer(config, { definitions });
  setHeapFlags(runningFlags(config.heap));
  // The line start-up scripts and tests wait for ("… on http://…/graphql"): written even when
  // LOG_LEVEL is stricter than info, unless it is silent.
  const { logger } = server;
  (logger.level === 'silent' ? logger : logger.child({}, { level: 'info' })).info(
    `Conventio GraphQL API on ${server.url} (database ${describeDatabase(config)}, clock ${config.clock})`,
  );
  const stop = () => {
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  if (error instanceof DefinitionLoadError) {
    console.error(`Conventio cannot start: invalid definitions in workflows/\n${error.message}`);
  } else {
    console.error(`Conventio cannot start: ${error instanceof Error ? error.message : String(error)}`);
  }
  process.exit(1);
});
