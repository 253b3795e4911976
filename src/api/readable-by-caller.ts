import { Runtime } from '../app/runtime';
import { ReadableBy, readableBy } from '../conventions/read-access';
import { RequestContext } from './request-context';

/** What the lists of this request are restricted to (undefined: the actor reads everything). */
export function readableByCaller(runtime: Runtime, ctx: RequestContext): ReadableBy | undefined {
  return readableBy(ctx.actor, runtime.registry.publicDefinitions());
}
