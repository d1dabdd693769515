/**
 * Routes across the caller's portfolio: the feed of other parties'
 * records on devices it is responsible for, SRV counts for a chart, and
 * search by Device ID, MPxN or Request ID.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';

import { tryParseEui64 } from '../domain/eui64.ts';
import { SatviewError } from '../errors/satview-error.ts';
import {
  type CountBucket,
  countSrvs,
  listFeed,
  resolveSearch,
} from '../visibility/visibility-api.ts';
import { callerOf } from './caller-authentication.ts';
import {
  DEVICE_ID,
  type FilterQuerystring,
  filterQuerystring,
  INSTANT,
  recordFilter,
  requireInstant,
} from './query-parameters.ts';
import { answerRecords, found } from './record-answers.ts';
import type { ServerContext } from './server-context.ts';

const ERROR = { $ref: 'ApiError#' } as const;
const ERRORS = { 400: ERROR, 401: ERROR } as const;

const FEED_SCHEMA = {
  tags: ['portfolio'],
  summary:
    "Other parties' records on devices the caller is responsible for, " +
    'newest first',
  querystring: filterQuerystring(true),
  response: { 200: { $ref: 'RecordPage#' }, ...ERRORS },
} as const;

const STATS_SCHEMA = {
  tags: ['portfolio'],
  summary: 'Visible records per SRV and time bucket, for one device or all',
  querystring: {
    type: 'object',
    additionalProperties: false,
    required: ['from', 'to'],
    properties: {
      deviceId: DEVICE_ID,
      from: INSTANT,
      to: INSTANT,
      bucket: {
        type: 'string',
        enum: ['day', 'week', 'month'],
        default: 'day',
      },
    },
  },
  response: {
    200: { type: 'array', items: { $ref: 'SrvCount#' } },
    ...ERRORS,
    404: ERROR,
  },
} as const;

const SEARCH_SCHEMA = {
  tags: ['portfolio'],
  summary: 'Find a device, MPxN or Request ID (any spelling) you may see',
  querystring: {
    type: 'object',
    additionalProperties: false,
    required: ['q'],
    properties: { q: { type: 'string', minLength: 1, maxLength: 100 } },
  },
  response: {
    200: { type: 'array', items: { $ref: 'SearchHit#' } },
    ...ERRORS,
  },
} as const;

interface StatsQuerystring {
  readonly deviceId?: string;
  readonly from: string;
  readonly to: string;
  readonly bucket: CountBucket;
}

/** Registers /api/feed, /api/stats and /api/search. */
export function registerPortfolioRoutes(
  api: FastifyInstance,
  context: ServerContext,
): void {
  api.get<{ Querystring: FilterQuerystring }>(
    '/feed',
    { schema: FEED_SCHEMA },
    (request, reply) => {
      const viewer = callerOf(request).viewer;
      return answerRecords(context, request, reply, async (now) => {
        const filter = recordFilter(request.query);
        const page = await listFeed(context.store, viewer, filter, now);
        return { answer: page, records: page.records };
      });
    },
  );
  api.get<{ Querystring: StatsQuerystring }>(
    '/stats',
    { schema: STATS_SCHEMA },
    (request) => stats(context, request),
  );
  api.get<{ Querystring: { q: string } }>(
    '/search',
    { schema: SEARCH_SCHEMA },
    (request) =>
      resolveSearch(
        context.store,
        callerOf(request).viewer,
        request.query.q,
        context.now(),
      ),
  );
}

async function stats(
  context: ServerContext,
  request: FastifyRequest<{ Querystring: StatsQuerystring }>,
) {
  const { query } = request;
  const deviceId =
    query.deviceId === undefined ? undefined : tryParseEui64(query.deviceId);
  if (query.deviceId !== undefined && deviceId === undefined) {
    throw new SatviewError(
      'euiInvalid',
      `deviceId '${query.deviceId}' is not an EUI-64`,
    );
  }
  const counts = await countSrvs(
    context.store,
    callerOf(request).viewer,
    {
      deviceId,
      from: requireInstant('from', query.from),
      to: requireInstant('to', query.to),
      bucket: query.bucket,
    },
    context.now(),
  );
  return found(counts);
}
