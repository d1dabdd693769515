/**
 * GET /api/access-log: which other parties were shown the caller's
 * party's records, when, and through which route. The viewing party's
 * account names stay private to it; the answer names the party and
 * whether a person or a program looked.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';

import { listAccessLog } from '../store/access-log-store.ts';
import { callerOf } from './caller-authentication.ts';
import {
  CURSOR,
  INSTANT,
  isoTime,
  LIMIT,
  parseInstant,
} from './query-parameters.ts';
import type { ServerContext } from './server-context.ts';

const ACCESS_LOG_SCHEMA = {
  tags: ['access log'],
  summary: "Who viewed the caller's party's records, newest first",
  querystring: {
    type: 'object',
    additionalProperties: false,
    properties: { from: INSTANT, to: INSTANT, limit: LIMIT, cursor: CURSOR },
  },
  response: {
    200: {
      type: 'object',
      required: ['entries', 'nextCursor'],
      properties: {
        entries: {
          type: 'array',
          items: {
            type: 'object',
            required: [
              'viewedAt',
              'viewerPartyId',
              'via',
              'route',
              'recordIds',
            ],
            properties: {
              viewedAt: { type: 'string', format: 'date-time' },
              viewerPartyId: { type: 'string' },
              via: { type: 'string', enum: ['session', 'token'] },
              route: { type: 'string' },
              recordIds: { type: 'array', items: { type: 'integer' } },
            },
          },
        },
        nextCursor: { type: ['string', 'null'] },
      },
    },
    400: { $ref: 'ApiError#' },
    401: { $ref: 'ApiError#' },
  },
} as const;

interface AccessLogQuerystring {
  readonly from?: string;
  readonly to?: string;
  readonly limit: number;
  readonly cursor?: string;
}

/** Registers GET /api/access-log in the authenticated scope. */
export function registerAccessLogRoute(
  api: FastifyInstance,
  context: ServerContext,
): void {
  api.get<{ Querystring: AccessLogQuerystring }>(
    '/access-log',
    { schema: ACCESS_LOG_SCHEMA },
    (request) => accessLog(context, request),
  );
}

async function accessLog(
  context: ServerContext,
  request: FastifyRequest<{ Querystring: AccessLogQuerystring }>,
) {
  const { query } = request;
  const page = await listAccessLog(
    context.store,
    callerOf(request).viewer.partyId,
    {
      from: parseInstant('from', query.from),
      to: parseInstant('to', query.to),
      limit: query.limit,
      cursor: query.cursor,
    },
  );
  return {
    entries: page.entries.map((entry) => ({
      viewedAt: isoTime(entry.viewedAt),
      viewerPartyId: entry.viewerPartyId,
      via: entry.viewerTokenId === null ? 'session' : 'token',
      route: entry.route,
      recordIds: entry.recordIds,
    })),
    nextCursor: page.nextCursor,
  };
}
