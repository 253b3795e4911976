import { INestApplication } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';

/** The largest websocket message accepted: the same bound as an HTTP request body (1 MiB). */
export const MAX_WEBSOCKET_MESSAGE_BYTES = 1024 * 1024;

interface WebSocketServerOptions {
  options: { maxPayload?: number };
}

/**
 * Nest builds the graphql-ws server with the `ws` default message size of 100 MiB, and reads
 * a message whole before graphql-ws (or our authentication at `connection_init`) sees it; it
 * offers no option for it. Set the bound on its server before any socket opens: a larger
 * message closes its socket (1009) while it is still being received. Nest's own fields are
 * reached here, in one place, and start-up fails loudly if they ever move.
 */
export function limitWebSocketMessages(app: INestApplication, maxBytes = MAX_WEBSOCKET_MESSAGE_BYTES): void {
  const driver = app.get(GraphQLModule, { strict: false }).graphQlAdapter as unknown as {
    _subscriptionService?: { wss?: WebSocketServerOptions };
  };
  const server = driver._subscriptionService?.wss;
  if (!server?.options) throw new Error('the graphql-ws server was not found: cannot bound its message size');
  server.options.maxPayload = maxBytes;
}
