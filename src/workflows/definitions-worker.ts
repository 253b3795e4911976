import { parentPort, workerData } from 'node:worker_threads';
import { loadDefinitions } from './load-definitions';
import { DefinitionLoadError } from './loaded-definition';
import type { FromDefinitionsWorker } from './load-definitions-apart';

/** The worker thread of `loadDefinitionsApart`: loads the folder it is given and says what it found. */
function answer(dir: string): FromDefinitionsWorker {
  try {
    return { loaded: loadDefinitions(dir) };
  } catch (error) {
    if (error instanceof DefinitionLoadError) return { problems: [...error.problems] };
    return { failure: error instanceof Error ? error.message : String(error) };
  }
}

parentPort?.postMessage(answer((workerData as { dir: string }).dir));
