import rateLimit, { normalizeIP } from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { sha256Hex } from '../common/hash';
import { bearerToken } from '../auth/bearer';
import { Config } from '../config';
import { Actor } from '../machines/actor';
import { sessionFromCookies } from '../auth/session/session-cookie';
import { KnownTokens } from './known-tokens';
import { isProbe, pathOf } from './request-log';
import { recordOf } from './request-record';

const WINDOW_MS = 60_000;

/** What a key is computed from: the request's headers and client address. */
type Caller = Pick<FastifyRequest, 'headers' | 'ip'>;

/**
 * The bucket a request counts in: its bearer token, or its session cookie, when real (by a digest:
 * the secret itself never becomes a key), else its client address.
 */
export async function rateLimitKey(caller: Caller, tokens: KnownTokens): Promise<string> {
  const address = `address:${normalizeIP(caller.ip)}`;
  // A browser signed in at /auth/session counts against its session, as a client against its token.
  const secret = bearerToken(caller.headers.authorization) ?? sessionFromCookies(caller.headers.cookie);
  if (!secret) return address;
  const digest = sha256Hex(secret).slice(0, 32);
  return (await tokens.isKnown(secret, digest)) ? `token:${digest}` : address;
}

/** The answer to a refused request, shaped as a GraphQL response so that clients read one format. */
export function rateLimitedBody(limit: number, retryAfterSeconds: number): object {
  return {
    data: null,
    errors: [
      {
        message: `too many requests: ${limit} per minute allowed; retry in ${retryAfterSeconds} s`,
        extensions: { code: 'RATE_LIMITED', retryAfter: retryAfterSeconds },
      },
    ],
  };
}

type Verdict = { allowed: true } | { allowed: false; limit: number; retryAfterSeconds: number };

/** Counts one request and says whether it may go on. */
export type RateLimiter = (request: FastifyRequest) => Promise<Verdict>;

/**
 * Counts requests with @fastify/rate-limit: per token (RATE_LIMIT_PER_MINUTE), and per address
 * for requests without a valid one (RATE_LIMIT_ANONYMOUS_PER_MINUTE). Every HTTP route counts
 * but the health probes and /metrics; so does each websocket upgrade (subscriptions). A refusal
 * is an HTTP 429 with Retry-After and a RATE_LIMITED error.
 */
export async function limitRates(
  fastify: FastifyInstance,
  config: Pick<Config, 'rateLimitPerMinute' | 'rateLimitAnonymousPerMinute'>,
  authenticate: (secret: string) => Promise<Actor | null>,
): Promise<RateLimiter> {
  // A failed lookup counts the request against its address; the request itself then fails on its own.
  const known = new KnownTokens((secret) =>
    authenticate(secret).then(
      (actor) => actor !== null,
      () => false,
    ),
  );
  await fastify.register(rateLimit, { global: false });
  const count = fastify.createRateLimit({
    timeWindow: WINDOW_MS,
    keyGenerator: (request) => rateLimitKey(request, known),
    max: (_request, key) =>
      key.startsWith('token:') ? config.rateLimitPerMinute : config.rateLimitAnonymousPerMinute,
  });
  const verdict: RateLimiter = async (request) => {
    const outcome = await count(request);
    if (outcome.isAllowed || !outcome.isExceeded) return { allowed: true };
    return { allowed: false, limit: outcome.max, retryAfterSeconds: Math.max(1, outcome.ttlInSeconds) };
  };

  fastify.addHook('onRequest', async (request, reply) => {
    if (isProbe(pathOf(request.url))) return;
    const answer = await verdict(request);
    if (answer.allowed) return;
    recordOf(request).code = 'RATE_LIMITED';
    return reply
      .code(429)
      .header('retry-after', answer.retryAfterSeconds)
      .type('application/json')
      .send(rateLimitedBody(answer.limit, answer.retryAfterSeconds));
  });
  return verdict;
}

/**
 * The websocket server (graphql-ws) takes upgrades straight from Node's HTTP server, past
 * Fastify's hooks: once the application is initialised (its upgrade listener attached), each
 * upgrade is counted here first and handed on, or refused with a plain HTTP 429.
 */
export function limitUpgrades(server: Server, verdict: RateLimiter): void {
  const handlers = server.listeners('upgrade') as ((...args: unknown[]) => void)[];
  server.removeAllListeners('upgrade');
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const caller = {
      headers: request.headers,
      ip: request.socket.remoteAddress ?? '',
      routeOptions: { config: {} },
    } as unknown as FastifyRequest;
    verdict(caller).then(
      (answer) => {
        if (answer.allowed) {
          for (const handler of handlers) handler.call(server, request, socket, head);
          return;
        }
        const body = JSON.stringify(rateLimitedBody(answer.limit, answer.retryAfterSeconds));
        socket.end(
          `HTTP/1.1 429 Too Many Requests\r\nRetry-After: ${answer.retryAfterSeconds}\r\n` +
            `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
            `Connection: close\r\n\r\n${body}`,
        );
      },
      () => socket.destroy(),
    );
  });
}
