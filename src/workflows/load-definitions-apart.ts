import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import {
  DefinitionLoadError,
  deepFreeze,
  type DefinitionProblem,
  type LoadedDefinition,
} from './loaded-definition';

/** What the worker posts back: the definitions, the folder's problems, or why it could not look. */
export type FromDefinitionsWorker =
  { loaded: LoadedDefinition[] } | { problems: DefinitionProblem[] } | { failure: string };

/** The compiled worker beside this file (the server runs from `dist/`). */
const WORKER_FILE = join(__dirname, 'definitions-worker.js');

/** Definitions being loaded on a worker thread that has started. */
export interface LoadingApart {
  /** What `loadDefinitions(dir)` answers: the definitions, or its `DefinitionLoadError`. */
  definitions: Promise<LoadedDefinition[]>;
}

/**
 * `loadDefinitions(dir)`, run in a worker thread that ends with it: the same definitions, the
 * same `DefinitionLoadError` listing every problem. Resolves once the thread runs, with the
 * definitions to come: the caller goes on meanwhile (the server loads its own modules).
 *
 * Parsing YAML and validating it against the definitions' schema happen once, at start. Run in
 * the server's own thread, the YAML parser, the schema library and the schema built from it would
 * stay in its heap for good, about 4 MB of an idle server's 120 (bench/README.md, "Findings
 * (2026-12-06, latest: start-up's parsers apart)"). A worker's heap goes with the worker; what
 * comes back is the definitions as plain data, frozen again here.
 *
 * Only the built server calls it: the CLI and the tests load the folder in their own thread
 * (`openRuntime` without definitions), the same function, the same answer.
 */
export async function loadDefinitionsApart(dir: string): Promise<LoadingApart> {
  const worker = new Worker(WORKER_FILE, { workerData: { dir } });
  const answer = new Promise<FromDefinitionsWorker>((resolveAnswer, reject) => {
    let answered: FromDefinitionsWorker | null = null;
    worker.once('message', (message: FromDefinitionsWorker) => (answered = message));
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (answered) resolveAnswer(answered);
      else reject(new Error(`the definitions' worker stopped (exit code ${code}) without an answer`));
    });
  });
  const definitions = answer.then((answered) => {
    if ('problems' in answered) throw new DefinitionLoadError(answered.problems);
    if ('failure' in answered) throw new Error(answered.failure);
    return answered.loaded.map((loaded) => ({ ...loaded, definition: deepFreeze(loaded.definition) }));
  });
  // Awaited by the caller later; a failure meanwhile is not an unhandled rejection.
  definitions.catch(() => undefined);
  // 'online': the thread runs. An error before it (no such file) rejects here, as the answer would.
  await Promise.race([new Promise<void>((resolveOnline) => worker.once('online', resolveOnline)), answer]);
  return { definitions };
}
