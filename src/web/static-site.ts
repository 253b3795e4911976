import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathOf } from '../operations/request-log';

/** Paths the server answers itself: never the web page, even when nothing matches below them. */
const SERVER_PATHS = ['/graphql', '/auth', '/health', '/metrics', '/calendar', '/export', '/audit'];

/**
 * The built web workspace (`npm run web:build` writes `web/dist`): from `dist/src/web` when built,
 * from `src/web` under the test runner.
 */
export function webDistDir(): string | null {
  const candidates = [resolve(__dirname, '../../../web/dist'), resolve(__dirname, '../../web/dist')];
  return candidates.find((dir) => existsSync(join(dir, 'index.html'))) ?? null;
}

/**
 * Serves the web workspace at `/`: its files, and index.html for any other GET the page routes
 * itself (`/conventions/…`), so a reload or a shared link opens the right page. Hashed assets are
 * cached for good; index.html is always revalidated so a new build is picked up.
 */
export async function serveWebApp(
  fastify: FastifyInstance,
  dir: string | null = webDistDir(),
): Promise<boolean> {
  if (!dir) return false;
  await fastify.register(fastifyStatic, {
    root: dir,
    prefix: '/',
    wildcard: false,
    index: false,
    // web:build writes .br and .gz copies: a browser that accepts them gets those, unchanged otherwise.
    preCompressed: true,
    setHeaders: (res, path) => {
      res.header(
        'cache-control',
        path.includes(`${join('/', 'assets', '/')}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    },
  });
  fastify.get('/', (_request, reply) => reply.sendFile('index.html'));
  fastify.get('/*', (request, reply) => {
    const path = pathOf(request.url);
    const reserved = SERVER_PATHS.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));
    // A missing file (a name with an extension) is a 404, not the page.
    if (reserved || /\.[a-z0-9]+$/i.test(path)) {
      return reply
        .status(404)
        .type('application/json')
        .send({ error: { code: 'NOT_FOUND', message: 'not found' } });
    }
    return reply.sendFile('index.html');
  });
  return true;
}
