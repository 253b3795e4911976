import { GraphQLError } from 'graphql';
import type { Context, ServerOptions } from 'graphql-ws';
import { bearerToken } from './bearer';
import { authorizationOf } from './graphql-context';
import { LiveConnections } from './live-connections';
import { sharedSubscribe } from './shared-subscribe';

type Hooks = Pick<ServerOptions, 'onSubscribe' | 'onNext' | 'onError'>;
type Execution = Pick<ServerOptions, 'parse' | 'validate' | 'execute' | 'subscribe'>;

/**
 * The graphql-ws options of `/graphql`: authentication once at `connection_init` (4401 without
 * a valid token), a deadline for it, the per-socket and per-token limits checked before any
 * other work on a subscribe, the query limits (`execution`) around one execution per event for a
 * token's identical subscriptions, then the error hooks. `onClose` runs for every socket, acknowledged
 * or not, so every slot is freed.
 */
export function liveSocketOptions(
  live: LiveConnections,
  connectionInitWaitTimeout: number,
  errorHooks: Hooks,
  execution: (subscribeWith: typeof sharedSubscribe) => Execution,
  cookieSecret: (ctx: Context) => string | null = () => null,
): Hooks & Execution & Pick<ServerOptions, 'connectionInitWaitTimeout' | 'onConnect' | 'onClose'> {
  return {
    ...errorHooks,
    // Nest spreads these options into graphql-ws `useServer`, after its own `subscribe`.
    ...execution(sharedSubscribe),
    connectionInitWaitTimeout,
    onConnect: (ctx) => live.open(ctx, bearerToken(authorizationOf(ctx)) ?? cookieSecret(ctx)),
    onClose: (ctx) => live.closed(ctx),
    onSubscribe: (ctx, id, payload) => {
      const refusal = live.refusal(ctx);
      if (refusal) return [new GraphQLError(refusal.message, { originalError: refusal })];
      return errorHooks.onSubscribe?.(ctx, id, payload);
    },
  };
}
