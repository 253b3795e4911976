import type { Runtime } from '../app/runtime';
import type { Config } from '../config';

export type { Runtime } from '../app/runtime';

/**
 * The store and its services, loaded by the commands that use them only: `verify` needs neither,
 * and starts in a fraction of the time without them.
 *
 * The definitions load in this thread. The server loads them on a worker thread so that the YAML
 * parser and the schema library do not stay in its memory for good; a command ends within
 * seconds, and a worker would only add its own start (about 50 ms a command).
 */
export async function openRuntime(config: Config): Promise<Runtime> {
  const [{ openRuntime: open }, { loadDefinitions }] = await Promise.all([
    import('../app/runtime'),
    import('../workflows/load-definitions'),
  ]);
  return open(config, Promise.resolve(loadDefinitions(config.workflowsDir)));
}
