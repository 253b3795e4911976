import type { Runtime } from '../app/runtime';
import type { Config } from '../config';

export type { Runtime } from '../app/runtime';

/**
 * The store and its services, loaded by the commands that use them only: `verify` needs neither,
 * and starts in a fraction of the time without them.
 */
export async function openRuntime(config: Config): Promise<Runtime> {
  const { openRuntime: open } = await import('../app/runtime');
  return open(config);
}
