/**
 * GET /api/demo-logins: the demo accounts, for the login screen of a demo
 * server. Only a server that made them from the demo world answers; every
 * other server answers 404, so no real password is ever listed.
 */
import type { FastifyInstance } from 'fastify';

import { SatviewError } from '../errors/satview-error.ts';
import type { ServerContext } from './server-context.ts';

const DEMO_LOGINS_SCHEMA = {
  tags: ['session'],
  summary: 'Demo accounts of a demo server (no login; 404 elsewhere)',
  response: {
    200: {
      type: 'array',
      items: {
        type: 'object',
        required: ['username', 'password', 'party', 'role', 'note'],
        properties: {
          username: { type: 'string' },
          password: { type: 'string' },
          party: { type: 'string' },
          role: { type: 'string' },
          note: { type: 'string' },
        },
      },
    },
    404: { $ref: 'ApiError#' },
  },
} as const;

/** Registers GET /api/demo-logins. */
export function registerDemoLoginRoute(
  app: FastifyInstance,
  context: ServerContext,
): void {
  app.get('/api/demo-logins', { schema: DEMO_LOGINS_SCHEMA }, async () => {
    if (context.demoLogins === null) {
      throw new SatviewError('notFound', 'This server has no demo accounts.');
    }
    return context.demoLogins;
  });
}
