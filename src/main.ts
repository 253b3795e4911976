// First: V8 reads these flags while it runs, and loading the modules below is what grows the heap.
import './apply-heap-flags';
import 'reflect-metadata';
import { startServer } from './app/server';
import { configFromEnv, describeDatabase } from './config';
import { DefinitionLoadError } from './workflows/load-definitions';
import { runningFlags, setHeapFlags } from './heap-flags';

async function main(): Promise<void> {
  const config = configFromEnv();
  const server = await startServer(config);
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
