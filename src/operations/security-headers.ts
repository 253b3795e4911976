import helmet from '@fastify/helmet';
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
 * Helmet's headers on every response, with its strict default Content-Security-Policy; only the
 * HTML page served at GET /graphql (GraphiQL) gets the relaxed policy above.
 */
export async function secureHeaders(fastify: FastifyInstance, graphqlPath: string): Promise<void> {
  await fastify.register(helmet, { global: true });
  fastify.addHook('onSend', async (request, reply, payload) => {
    const type = reply.getHeader('content-type');
    if (pathOf(request.url) === graphqlPath && typeof type === 'string' && type.startsWith('text/html')) {
      void reply.header('content-security-policy', GRAPHIQL_CSP);
    }
    return payload;
  });
}
