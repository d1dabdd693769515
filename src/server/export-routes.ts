/**
 * CSV and NDJSON exports of a device's records, the feed, and a thread:
 * the same queries and the same withholding as the JSON routes, streamed
 * page by page, each page access-logged before it is written. Exports
 * take the list filters but no page size: they run to the end.
 */
import type {
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  FastifySchema,
} from 'fastify';

import { parseEui64 } from '../domain/eui64.ts';
import type {
  RecordFilter,
  RecordPage,
  RecordView,
} from '../visibility/record-view.ts';
import {
  getThread,
  listDeviceRecords,
  listFeed,
} from '../visibility/visibility-api.ts';
import { recordAccess } from './access-recorder.ts';
import { callerOf } from './caller-authentication.ts';
import {
  DEVICE_ID,
  type FilterQuerystring,
  filterQuerystring,
  recordFilter,
} from './query-parameters.ts';
import {
  EXPORT_CONTENT_TYPES,
  EXPORT_MEDIA_TYPES,
  type ExportFormat,
  exportStream,
} from './record-export.ts';
import { found } from './record-answers.ts';
import { REQUEST_PARAMS } from './request-routes.ts';
import type { ServerContext } from './server-context.ts';

const ERROR = { $ref: 'ApiError#' } as const;
const FORMATS: readonly ExportFormat[] = ['csv', 'ndjson'];
// The largest page the visibility queries serve.
const EXPORT_PAGE = 500;

/** Loads one page of an export; null when the caller may see nothing. */
type PageLoader = (filter: RecordFilter) => Promise<RecordPage | null>;

function exportSchema(
  tag: string,
  what: string,
  format: ExportFormat,
  parts: { params?: object; filters: boolean },
): FastifySchema {
  return {
    tags: [tag],
    summary: `${what} as ${format.toUpperCase()} (same withholding)`,
    ...(parts.params === undefined ? {} : { params: parts.params }),
    ...(parts.filters ? { querystring: filterQuerystring(false) } : {}),
    produces: [EXPORT_MEDIA_TYPES[format]],
    response: {
      200: { description: `${format.toUpperCase()} stream`, type: 'string' },
      400: ERROR,
      401: ERROR,
      404: ERROR,
    },
  };
}

/** Registers the .csv and .ndjson variants of the record routes. */
export function registerExportRoutes(
  api: FastifyInstance,
  context: ServerContext,
): void {
  for (const format of FORMATS) {
    registerDeviceExport(api, context, format);
    registerFeedExport(api, context, format);
    registerThreadExport(api, context, format);
  }
}

function registerDeviceExport(
  api: FastifyInstance,
  context: ServerContext,
  format: ExportFormat,
): void {
  const params = {
    type: 'object',
    required: ['deviceId'],
    properties: { deviceId: DEVICE_ID },
  };
  api.get<{ Params: { deviceId: string }; Querystring: FilterQuerystring }>(
    `/devices/:deviceId/records.${format}`,
    {
      schema: exportSchema('devices', "A device's records", format, {
        params,
        filters: true,
      }),
    },
    (request, reply) => {
      const deviceId = parseEui64(request.params.deviceId);
      const viewer = callerOf(request).viewer;
      const now = context.now();
      const filter = recordFilter(request.query);
      return streamExport(
        context,
        request,
        reply,
        { format, now, filter },
        (f) => listDeviceRecords(context.store, viewer, deviceId, f, now),
      );
    },
  );
}

function registerFeedExport(
  api: FastifyInstance,
  context: ServerContext,
  format: ExportFormat,
): void {
  api.get<{ Querystring: FilterQuerystring }>(
    `/feed.${format}`,
    {
      schema: exportSchema('portfolio', 'The feed', format, { filters: true }),
    },
    (request, reply) => {
      const viewer = callerOf(request).viewer;
      const now = context.now();
      const filter = recordFilter(request.query);
      return streamExport(
        context,
        request,
        reply,
        { format, now, filter },
        (f) => listFeed(context.store, viewer, f, now),
      );
    },
  );
}

function registerThreadExport(
  api: FastifyInstance,
  context: ServerContext,
  format: ExportFormat,
): void {
  const schema = exportSchema('requests', 'A Request thread', format, {
    params: REQUEST_PARAMS,
    filters: false,
  });
  api.get<{ Params: { requestId: string } }>(
    `/requests/:requestId.${format}`,
    { schema },
    (request, reply) => {
      const viewer = callerOf(request).viewer;
      const now = context.now();
      const job = { format, now, filter: {} };
      return streamExport(context, request, reply, job, async () => {
        const thread = await getThread(
          context.store,
          viewer,
          request.params.requestId,
          now,
        );
        return thread && { records: thread.records, nextCursor: null };
      });
    },
  );
}

/** What to export: the format, the instant and the caller's filters. */
interface ExportJob {
  readonly format: ExportFormat;
  readonly now: number;
  readonly filter: RecordFilter;
}

/** Loads the first page (404 if nothing is visible), then streams. */
async function streamExport(
  context: ServerContext,
  request: FastifyRequest,
  reply: FastifyReply,
  { format, now, filter: asked }: ExportJob,
  load: PageLoader,
): Promise<FastifyReply> {
  const filter = { ...asked, limit: EXPORT_PAGE };
  const first = found(await load(filter));
  const stream = exportStream(format, pagesFrom(first, filter, load), (page) =>
    recordAccess(context.accessLog, request, page, now),
  );
  return reply
    .type(EXPORT_CONTENT_TYPES[format])
    .header(
      'content-disposition',
      `attachment; filename="satview-export.${format}"`,
    )
    .send(stream);
}

/** Every page of a query, starting with one already loaded. */
async function* pagesFrom(
  first: RecordPage,
  filter: RecordFilter,
  load: PageLoader,
): AsyncGenerator<readonly RecordView[]> {
  yield first.records;
  let cursor = first.nextCursor;
  while (cursor !== null) {
    const page = await load({ ...filter, cursor });
    if (page === null) return;
    yield page.records;
    cursor = page.nextCursor;
  }
}
