import type { FastifyRequest } from 'fastify';
import { GraphQLError, GraphQLFormattedError } from 'graphql';
import type { Context as WebSocketContext, ServerOptions } from 'graphql-ws';
import { Runtime } from '../app/runtime';
import { LogFailure } from '../audit/log.service';
import { countingSqlStatements } from '../database/sql-stats';
import { Actor } from '../machines/actor';
import { bearerToken } from './bearer';
import { cookieActor, originOf } from '../auth/session/cookie-caller';
import { formatGraphQLError } from './graphql-errors';
import { LiveConnections } from './live-connections';
import { QueryLimits } from './limits/query-limits';
import { parseRefusal } from './limits/websocket-limits';
import { createLoaders } from './loaders';
import { recordOf } from '../operations/request-record';
import { RequestContext } from './request-context';

/** graphql-ws hands the context factory its connection context, Fastify the request. */
function isWebSocketContext(source: FastifyRequest | WebSocketContext): source is WebSocketContext {
  return 'connectionInitReceived' in source;
}

/**
 * The `Authorization` value of an operation: the HTTP header; on a websocket (where browsers
 * cannot set headers) the `authorization` or `Authorization` entry of `connectionParams`.
 */
export function authorizationOf(source: FastifyRequest | WebSocketContext): string | undefined {
  if (!isWebSocketContext(source)) {
    const header = source.headers.authorization;
    return typeof header === 'string' ? header : undefined;
  }
  const params = source.connectionParams ?? {};
  const value = params.authorization ?? params.Authorization;
  return typeof value === 'string' ? value : undefined;
}

/**
 * The context factory of every operation, over HTTP (once per request) and over graphql-ws
 * (once per subscribe, for as long as the subscription lives): who is asking, and
 * per-operation loaders. Over HTTP the bearer token is looked up; over graphql-ws the actor is
 * the one the connection authenticated at `connection_init` (LiveConnections). No token, or an
 * unknown or revoked one, leaves `actor` null: the AuthGuard then refuses with UNAUTHENTICATED.
 */
export function graphqlContext(
  runtime: Runtime,
  live: LiveConnections,
): (source: FastifyRequest | WebSocketContext) => Promise<RequestContext> {
  return countingSqlStatements(async (source: FastifyRequest | WebSocketContext): Promise<RequestContext> => {
    const actor = isWebSocketContext(source) ? live.actorOf(source) : await fromBearer(runtime, source);
    let logCheck: Promise<LogFailure | null> | null = null;
    // Over HTTP the record is the request's, read by its log line; a websocket operation has its own.
    const record = isWebSocketContext(source)
      ? recordOf({})
      : Object.assign(recordOf(source), { requestId: source.id });
    record.tokenId = actor?.userId ?? null;
    return {
      actor,
      record,
      loaders: createLoaders(runtime, actor),
      logCheck: () => (logCheck ??= runtime.log.verifyAgainstCheckpoints()),
    };
  });
}

async function fromBearer(runtime: Runtime, request: FastifyRequest): Promise<Actor | null> {
  const secret = bearerToken(authorizationOf(request));
  if (secret) return runtime.tokens.authenticate(runtime.db.read, secret);
  // A browser signed in at /auth/session, from one of this site's pages (Apollo's CSRF
  // prevention already refuses the simple requests another site's form could send).
  return cookieActor(runtime.sessions, originOf(request.raw), runtime.config);
}

/**
 * A websocket error as an HTTP client would get it (formatGraphQLError). An error with neither
 * an original error nor a path is the request's own fault (syntax, validation, variables):
 * BAD_USER_INPUT, as Apollo labels them over HTTP.
 */
function formatWebSocketError(error: GraphQLError, log: (error: unknown) => void): GraphQLFormattedError {
  const formatted = error.toJSON();
  const requestFault = !error.originalError && !error.path;
  return formatGraphQLError(
    requestFault
      ? { ...formatted, extensions: { ...formatted.extensions, code: 'BAD_USER_INPUT' } }
      : formatted,
    error,
    log,
  );
}

/**
 * graphql-ws hooks that give websocket clients the error codes HTTP clients get, never a stack
 * trace or an internal message: `onNext` formats the errors of a delivery and of a refused
 * subscribe (UNAUTHENTICATED, FORBIDDEN, NOT_FOUND…), `onError` those that end an operation (a
 * failed stream, a validation error), and `onSubscribe` answers a syntax error, or a document
 * over QUERY_MAX_TOKENS, with such an error where graphql-ws would otherwise close the socket.
 *
 * Nest's `GraphQLWsSubscriptionsConfig` type lists fewer hooks than it hands on: it spreads the
 * whole object into graphql-ws `useServer` (GqlSubscriptionService), `onError` included.
 */
export function webSocketErrorHooks(
  log: (error: unknown) => void,
  limits: QueryLimits,
): Pick<ServerOptions, 'onSubscribe' | 'onNext' | 'onError'> {
  return {
    onSubscribe: (_ctx, _id, payload) => parseRefusal(payload.query, limits),
    onNext: (_ctx, _id, _payload, _args, result) =>
      result.errors
        ? { ...result, errors: result.errors.map((e) => formatWebSocketError(e, log)) }
        : undefined,
    onError: (_ctx, _id, _payload, errors) => errors.map((e) => formatWebSocketError(e, log)),
  };
}
