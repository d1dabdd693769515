/**
 * GET /api/requests/{requestId}: one Request thread (request legs,
 * acknowledgement, responses, execution alerts) with its derived status.
 */
import type { FastifyInstance } from 'fastify';

import { getThread } from '../visibility/visibility-api.ts';
import { callerOf } from './caller-authentication.ts';
import { answerRecords } from './record-answers.ts';
import type { ServerContext } from './server-context.ts';

const ERROR = { $ref: 'ApiError#' } as const;

/** A Request ID: originator:target:counter. */
export const REQUEST_PARAMS = {
  type: 'object',
  required: ['requestId'],
  properties: {
    requestId: {
      type: 'string',
      minLength: 5,
      maxLength: 80,
      description: 'e.g. 90-B3-D5-1F-30-01-00-00:00-DB-12-34-56-78-90-A0:17',
    },
  },
} as const;

const THREAD_SCHEMA = {
  tags: ['requests'],
  summary: 'Every record of one Request ID, in time order, with a status',
  params: REQUEST_PARAMS,
  response: {
    200: { $ref: 'ThreadView#' },
    400: ERROR,
    401: ERROR,
    404: ERROR,
  },
} as const;

/** Registers GET /api/requests/{requestId}. */
export function registerRequestRoutes(
  api: FastifyInstance,
  context: ServerContext,
): void {
  api.get<{ Params: { requestId: string } }>(
    '/requests/:requestId',
    { schema: THREAD_SCHEMA },
    (request, reply) => {
      const viewer = callerOf(request).viewer;
      const { requestId } = request.params;
      return answerRecords(context, request, reply, async (now) => {
        const thread = await getThread(context.store, viewer, requestId, now);
        return { answer: thread, records: thread?.records ?? [] };
      });
    },
  );
}
