/**
 * JSON schemas of the shapes in visibility/record-view.ts, shared by every
 * route that answers records. They document the API (OpenAPI) and drive
 * Fastify's serializer, which writes only the properties named here: a
 * field added to a view does not reach callers until it is described.
 */
import { RECORD_KINDS } from '../domain/sat-record.ts';

const NULLABLE_STRING = { type: ['string', 'null'] } as const;
const NULLABLE_TIME = {
  type: ['string', 'null'],
  format: 'date-time',
} as const;

const INTERVAL = {
  type: 'object',
  required: ['from', 'to'],
  properties: {
    from: { type: 'string', format: 'date-time' },
    to: NULLABLE_TIME,
  },
} as const;

const BASIS = {
  type: 'string',
  enum: ['own', 'responsible-supplier', 'network-operator'],
} as const;

/** SenderView: the Service User Descriptor. */
export const SENDER_SCHEMA = {
  $id: 'SenderView',
  type: 'object',
  required: ['userId', 'partyId', 'role'],
  properties: {
    userId: NULLABLE_STRING,
    partyId: NULLABLE_STRING,
    role: NULLABLE_STRING,
  },
} as const;

/** RecordView: one SAT record as one viewer may see it. */
export const RECORD_VIEW_SCHEMA = {
  $id: 'RecordView',
  type: 'object',
  required: [
    'id',
    'requestId',
    'kind',
    'srv',
    'sender',
    'deviceId',
    'loggedAt',
    'visibility',
    'payload',
    'withheld',
  ],
  properties: {
    id: { type: 'integer' },
    requestId: NULLABLE_STRING,
    responseId: NULLABLE_STRING,
    kind: { type: 'string', enum: [...RECORD_KINDS] },
    srv: NULLABLE_STRING,
    srvName: NULLABLE_STRING,
    serviceReference: NULLABLE_STRING,
    commandVariant: { type: ['integer', 'null'] },
    sender: { $ref: 'SenderView#' },
    deviceId: NULLABLE_STRING,
    loggedAt: { type: 'string', format: 'date-time' },
    loggedAtSource: { type: 'string' },
    responseCode: NULLABLE_STRING,
    responseAt: NULLABLE_TIME,
    executionAt: NULLABLE_TIME,
    alertCode: NULLABLE_STRING,
    visibility: {
      type: 'object',
      required: ['basis', 'interval'],
      properties: {
        basis: BASIS,
        interval: { anyOf: [INTERVAL, { type: 'null' }] },
      },
    },
    payload: {
      description:
        'The body as this viewer may see it; withheld parts are markers',
    },
    withheld: { type: 'array', items: { type: 'string' } },
  },
} as const;

/** RecordPage: records newest first and the cursor of the next page. */
export const RECORD_PAGE_SCHEMA = {
  $id: 'RecordPage',
  type: 'object',
  required: ['records', 'nextCursor'],
  properties: {
    records: { type: 'array', items: { $ref: 'RecordView#' } },
    nextCursor: NULLABLE_STRING,
  },
} as const;

/** ThreadView: every record of one Request ID, with its status. */
export const THREAD_VIEW_SCHEMA = {
  $id: 'ThreadView',
  type: 'object',
  required: ['requestId', 'srv', 'deviceId', 'sender', 'status', 'records'],
  properties: {
    requestId: { type: 'string' },
    srv: NULLABLE_STRING,
    srvName: NULLABLE_STRING,
    deviceId: NULLABLE_STRING,
    sender: { $ref: 'SenderView#' },
    status: {
      type: 'string',
      enum: [
        'accepted',
        'rejected',
        'completed',
        'failed',
        'pending-execution',
        'expired',
        'unanswered',
      ],
    },
    executionAt: NULLABLE_TIME,
    records: { type: 'array', items: { $ref: 'RecordView#' } },
  },
} as const;

/** DeviceExplanation: the device, its installation, who was responsible
 * for it when, and why the viewer sees what it sees. */
export const DEVICE_EXPLANATION_SCHEMA = {
  $id: 'DeviceExplanation',
  type: 'object',
  required: ['deviceId', 'meterPoints', 'installation', 'responsibility'],
  properties: {
    deviceId: { type: 'string' },
    deviceType: NULLABLE_STRING,
    smets: { type: ['integer', 'null'] },
    meterPoints: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          mpxn: { type: 'string' },
          fuel: { type: 'string', enum: ['electricity', 'gas'] },
          meterId: { type: 'string' },
          viaHanLink: { type: 'boolean' },
          from: { type: 'string', format: 'date-time' },
          to: NULLABLE_TIME,
        },
      },
    },
    installation: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          deviceId: { type: 'string' },
          deviceType: { type: 'string' },
          meterId: { type: 'string' },
          from: { type: 'string', format: 'date-time' },
          to: NULLABLE_TIME,
        },
      },
    },
    networkOperatorSource: {
      type: 'string',
      enum: ['credential', 'registration'],
    },
    responsibility: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          role: {
            type: 'string',
            enum: ['responsible-supplier', 'network-operator'],
          },
          partyId: { type: 'string' },
          partyName: NULLABLE_STRING,
          source: { type: 'string', enum: ['registration', 'credential'] },
          registeredRole: NULLABLE_STRING,
          mpxn: NULLABLE_STRING,
          meterId: NULLABLE_STRING,
          viaHanLink: { type: 'boolean' },
          from: { type: 'string', format: 'date-time' },
          to: NULLABLE_TIME,
        },
      },
    },
    viewer: {
      type: 'object',
      properties: {
        partyId: { type: 'string' },
        basis: BASIS,
        interval: { anyOf: [INTERVAL, { type: 'null' }] },
        explanation: { type: 'string' },
      },
    },
  },
} as const;

/** SearchHit: a device, MPxN or thread the viewer may see. */
export const SEARCH_HIT_SCHEMA = {
  $id: 'SearchHit',
  type: 'object',
  required: ['kind', 'deviceId', 'mpxn', 'requestId', 'basis', 'label'],
  properties: {
    kind: { type: 'string', enum: ['device', 'mpxn', 'request'] },
    deviceId: NULLABLE_STRING,
    deviceType: NULLABLE_STRING,
    mpxn: NULLABLE_STRING,
    requestId: NULLABLE_STRING,
    basis: BASIS,
    label: { type: 'string' },
  },
} as const;

/** SrvCount: how many visible records of one SRV in one bucket. */
export const SRV_COUNT_SCHEMA = {
  $id: 'SrvCount',
  type: 'object',
  required: ['bucket', 'srv', 'count'],
  properties: {
    bucket: { type: 'string', description: "The bucket's first day" },
    srv: { type: 'string' },
    count: { type: 'integer' },
  },
} as const;

/** Every shared view schema, to add to the server once. */
export const VIEW_SCHEMAS = [
  SENDER_SCHEMA,
  RECORD_VIEW_SCHEMA,
  RECORD_PAGE_SCHEMA,
  THREAD_VIEW_SCHEMA,
  DEVICE_EXPLANATION_SCHEMA,
  SEARCH_HIT_SCHEMA,
  SRV_COUNT_SCHEMA,
] as const;
