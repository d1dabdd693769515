/**
 * A device's records, its explanation (who was responsible when, and why
 * the caller sees what it sees) and its pending future-dated commands. A
 * device the caller may see nothing of answers 404 exactly like one that
 * does not exist (PRODUCT.md §3 rule 4).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

import { parseEui64 } from '../domain/eui64.ts';
import {
  explainDevice,
  listDeviceRecords,
  listPendingCommands,
} from '../visibility/visibility-api.ts';
import { callerOf } from './caller-authentication.ts';
import {
  DEVICE_ID,
  type FilterQuerystring,
  filterQuerystring,
  recordFilter,
} from './query-parameters.ts';
import { answerRecords, found } from './record-answers.ts';
import type { ServerContext } from './server-context.ts';

const ERROR = { $ref: 'ApiError#' } as const;

const DEVICE_PARAMS = {
  type: 'object',
  required: ['deviceId'],
  properties: { deviceId: DEVICE_ID },
} as const;

const ERRORS = { 400: ERROR, 401: ERROR, 404: ERROR } as const;

const RECORDS_SCHEMA = {
  tags: ['devices'],
  summary: "A device's records, newest first, with cursor pagination",
  params: DEVICE_PARAMS,
  querystring: filterQuerystring(true),
  response: { 200: { $ref: 'RecordPage#' }, ...ERRORS },
} as const;

const EXPLANATION_SCHEMA = {
  tags: ['devices'],
  summary: 'The device, its installation, and why the caller may see it',
  params: DEVICE_PARAMS,
  response: { 200: { $ref: 'DeviceExplanation#' }, ...ERRORS },
} as const;

const PENDING_SCHEMA = {
  tags: ['devices'],
  summary: 'Future-dated commands on the device not yet executed',
  params: DEVICE_PARAMS,
  response: {
    200: { type: 'array', items: { $ref: 'ThreadView#' } },
    ...ERRORS,
  },
} as const;

interface DeviceParams {
  readonly deviceId: string;
}

/** Registers the /api/devices/{deviceId} routes. */
export function registerDeviceRoutes(
  api: FastifyInstance,
  context: ServerContext,
): void {
  api.get<{ Params: DeviceParams; Querystring: FilterQuerystring }>(
    '/devices/:deviceId/records',
    { schema: RECORDS_SCHEMA },
    (request, reply) => deviceRecords(context, request, reply),
  );
  api.get<{ Params: DeviceParams }>(
    '/devices/:deviceId',
    { schema: EXPLANATION_SCHEMA },
    async (request) => {
      const viewer = callerOf(request).viewer;
      const deviceId = parseEui64(request.params.deviceId);
      const now = context.now();
      return found(await explainDevice(context.store, viewer, deviceId, now));
    },
  );
  api.get<{ Params: DeviceParams }>(
    '/devices/:deviceId/pending',
    { schema: PENDING_SCHEMA },
    (request, reply) => pendingCommands(context, request, reply),
  );
}

async function deviceRecords(
  context: ServerContext,
  request: FastifyRequest<{
    Params: DeviceParams;
    Querystring: FilterQuerystring;
  }>,
  reply: FastifyReply,
) {
  const viewer = callerOf(request).viewer;
  return answerRecords(context, request, reply, async (now) => {
    const deviceId = parseEui64(request.params.deviceId);
    const filter = recordFilter(request.query);
    const page = await listDeviceRecords(
      context.store,
      viewer,
      deviceId,
      filter,
      now,
    );
    return { answer: page, records: page?.records ?? [] };
  });
}

async function pendingCommands(
  context: ServerContext,
  request: FastifyRequest<{ Params: DeviceParams }>,
  reply: FastifyReply,
) {
  const viewer = callerOf(request).viewer;
  return answerRecords(context, request, reply, async (now) => {
    const deviceId = parseEui64(request.params.deviceId);
    const threads = await listPendingCommands(
      context.store,
      viewer,
      deviceId,
      now,
    );
    const records = (threads ?? []).flatMap((thread) => thread.records);
    return { answer: threads, records };
  });
}
