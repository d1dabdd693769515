/**
 * GET /health: whether the server can reach its store, which kind of
 * store it is, and how many records it holds. No login needed, so the
 * answer says nothing about any party.
 */
import type { FastifyInstance } from 'fastify';

import type { ServerContext } from './server-context.ts';

const HEALTH_SCHEMA = {
  tags: ['operations'],
  summary: 'Liveness and store status (no login)',
  response: {
    200: healthBody(),
    503: healthBody(),
  },
} as const;

function healthBody() {
  return {
    type: 'object',
    required: ['status', 'store', 'records'],
    properties: {
      status: { type: 'string', enum: ['ok', 'unavailable'] },
      store: { type: 'string', enum: ['sqlite', 'postgres'] },
      records: { type: ['integer', 'null'] },
    },
  } as const;
}

// Counting millions of rows on every probe would make health checks a
// load of their own; a few seconds' staleness is fine for a probe.
const COUNT_TTL_MS = 5000;

/** Registers GET /health. */
export function registerHealthRoute(
  app: FastifyInstance,
  context: ServerContext,
): void {
  const count = cachedRecordCount(context);
  app.get('/health', { schema: HEALTH_SCHEMA }, async (request, reply) => {
    const store = context.store.dialect;
    try {
      return { status: 'ok', store, records: await count() };
    } catch (error) {
      request.log.error({ err: error }, 'store unreachable');
      return reply
        .code(503)
        .send({ status: 'unavailable', store, records: null });
    }
  });
}

function cachedRecordCount(context: ServerContext): () => Promise<number> {
  let cached: { value: number; at: number } | null = null;
  return async () => {
    const now = context.now();
    if (cached !== null && now - cached.at < COUNT_TTL_MS) return cached.value;
    const row = await context.store.db
      .selectFrom('sat_record')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    cached = { value: Number(row.n), at: now };
    return cached.value;
  };
}
