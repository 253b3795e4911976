import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet from 'helmet';
import type { FastifyInstance } from 'fastify';
import { pathOf } from './request-log';

/**
 * The GraphiQL page (Nest's, when turned on) loads React and GraphiQL from unpkg.com and starts
 * them with an inline script: this policy allows exactly that, on that page only.
 */
export const GRAPHIQL_CSP = [
  "default-src 'self'",
  "script-src 'self' 'unsafe-inline' https://unpkg.com",
  "style-src 'self' 'unsafe-inline' https://unpkg.com",
  "img-src 'self' data: https://unpkg.com",
  "font-src 'self' data: https://unpkg.com",
  "connect-src 'self' ws: wss:",
  "frame-ancestors 'self'",
  "base-uri 'self'",
  "object-src 'none'",
].join('; ');

/**
 * What Helmet's middleware, with its defaults, does to a response: the headers it sets and the
 * ones it removes. Its defaults depend on nothing in the request (no CSP nonce), so they are
 * computed once. @fastify/helmet built a new Helmet, its directives parsed again, on every
 * request: about 60 µs of the main thread each (bench/README.md, "Findings (2026-12-05)").
 */
export function helmetEffect(): { set: [string, string][]; removed: string[] } {
  const set = new Map<string, string>();
  const removed = new Set<string>();
  const response = {
    setHeader(name: string, value: string | number | readonly string[]) {
      removed.delete(name.toLowerCase());
      set.set(name.toLowerCase(), String(value));
      return this;
    },
    removeHeader(name: string) {
      set.delete(name.toLowerCase());
      removed.add(name.toLowerCase());
    },
  };
  helmet()({} as IncomingMessage, response as unknown as ServerResponse, (error?: unknown) => {
    if (error) throw error;
  });
  return { set: [...set], removed: [...removed] };
}

/**
 * Helmet's headers on every response, with its strict default Content-Security-Policy; only the
 * HTML page served at GET /graphql (GraphiQL) gets the relaxed policy above.
 */
export function secureHeaders(fastify: FastifyInstance, graphqlPath: string): void {
  const { set, removed } = helmetEffect();
  // On the raw response as the request arrives, as Helmet's middleware did: every answer has
  // them, errors and static files included, and a header a route sets later wins.
  fastify.addHook('onRequest', (_request, reply, done) => {
    for (const name of removed) reply.raw.removeHeader(name);
    for (const [name, value] of set) reply.raw.setHeader(name, value);
    done();
  });
  fastify.addHook('onSend', (request, reply, payload, done) => {
    const type = reply.getHeader('content-type');
    if (pathOf(request.url) === graphqlPath && typeof type === 'string' && type.startsWith('text/html')) {
      void reply.header('content-security-policy', GRAPHIQL_CSP);
    }
    done(null, payload);
  });
}
