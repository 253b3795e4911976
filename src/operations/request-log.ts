import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { withoutFeedKey } from '../calendar/feed-key';
import { observeRequest } from '../common/metrics';
import { recordOf } from './request-record';

/** Probes and scrapes: logged at debug only, and not counted as requests. */
export function isProbe(path: string): boolean {
  return path === '/metrics' || path === '/health' || path.startsWith('/health/');
}

/** The path without its query string (a GET query carries variables there). */
export function pathOf(url: string): string {
  const end = url.indexOf('?');
  return end === -1 ? url : url.slice(0, end);
}

/** The outcome of a request no GraphQL operation or controller labelled. */
function codeOfStatus(status: number): string {
  if (status === 429) return 'RATE_LIMITED';
  if (status === 401) return 'UNAUTHENTICATED';
  if (status === 403) return 'FORBIDDEN';
  if (status === 404) return 'NOT_FOUND';
  if (status >= 500) return 'INTERNAL_SERVER_ERROR';
  if (status >= 400) return 'BAD_USER_INPUT';
  return 'OK';
}

function requestLine(request: FastifyRequest, reply: FastifyReply): void {
  // A calendar feed's key is its only credential: it is logged no more than a bearer token.
  const path = withoutFeedKey(pathOf(request.url));
  const record = recordOf(request);
  const code = record.code ?? codeOfStatus(reply.statusCode);
  const durationMs = Math.round(reply.elapsedTime * 1000) / 1000;
  const line = {
    tokenId: record.tokenId,
    operation: record.operation,
    rootField: record.rootField,
    method: request.method,
    path,
    status: reply.statusCode,
    code,
    durationMs,
  };
  if (isProbe(path)) return void request.log.debug(line, 'request');
  request.log.info(line, 'request');
  observeRequest(
    record.rootField ?? `${request.method} ${request.routeOptions.url ?? 'unmatched'}`,
    code,
    durationMs / 1000,
  );
}

/**
 * One log line per request (request id, token id, operation, duration, result code) and the
 * request metrics; the request id is also returned in `x-request-id`.
 */
export function logRequests(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });
  fastify.addHook('onResponse', async (request, reply) => requestLine(request, reply));
}
