/**
 * Serves the built web UI (web/dist) at `/`. It is a single-page app, so
 * any GET outside /api that names no file answers index.html and the app
 * routes in the browser. Unknown /api paths answer the API's JSON 404.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

import { sendError } from './error-replies.ts';

/** Where `npm run build` puts the web UI. */
export const DEFAULT_WEB_ROOT = fileURLToPath(
  new URL('../../web/dist', import.meta.url),
);

const BUILD_HINT =
  '<!doctype html><html lang="en"><head><meta charset="utf-8">' +
  '<title>satview</title></head><body><h1>satview</h1>' +
  '<p>The web UI is not built. Run <code>npm run build</code> and ' +
  'restart the server. The API is at <code>/api</code>; its OpenAPI ' +
  'document is <code>/api/openapi.json</code>.</p></body></html>';

/** Registers the UI (or a page saying how to build it) and the 404s. */
export async function registerWebUi(
  app: FastifyInstance,
  webRoot: string,
): Promise<void> {
  const built = existsSync(join(webRoot, 'index.html'));
  if (built) {
    await app.register(fastifyStatic, {
      root: webRoot,
      prefix: '/',
      setHeaders: (reply, path) => {
        // Vite puts a content hash in every asset's name.
        if (path.includes('/assets/')) {
          reply.header('cache-control', 'public, max-age=31536000, immutable');
        }
      },
    });
  } else {
    app.get('/', { schema: { hide: true } }, (_request, reply) =>
      sendBuildHint(reply),
    );
  }
  app.setNotFoundHandler((request, reply) => notFound(request, reply, built));
}

function notFound(
  request: FastifyRequest,
  reply: FastifyReply,
  built: boolean,
): FastifyReply {
  const isPage =
    (request.method === 'GET' || request.method === 'HEAD') &&
    !request.url.startsWith('/api/') &&
    request.url !== '/api';
  if (!isPage) {
    return sendError(
      reply,
      'notFound',
      `No route ${request.method} ${request.url.split('?')[0]}.`,
    );
  }
  if (!built) return sendBuildHint(reply);
  return reply.header('cache-control', 'no-cache').sendFile('index.html');
}

function sendBuildHint(reply: FastifyReply): FastifyReply {
  return reply.type('text/html; charset=utf-8').send(BUILD_HINT);
}
