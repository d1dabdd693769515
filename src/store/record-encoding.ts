/**
 * A SAT record as the ingest path carries it: its column values in one
 * fixed order and its XML already compressed. Kept apart from the writer
 * so that the parse workers load only this and the codec, not the
 * database drivers.
 */
import type { NewSatRecord } from '../domain/sat-record.ts';
import { compressText } from './payload-codec.ts';
import type { NewRow } from './sat-record-mapper.ts';

/** A record's column values, in {@link RECORD_COLUMNS} order. Arrays
 * rather than row objects: they cross the parse workers' message channel
 * and bind to prepared statements at a fraction of the cost. */
export type RecordValues = ReadonlyArray<string | number | null>;

/** A record as the ingest path hands it over: its column values and its
 * XML, already compressed (see payload-codec.ts). */
export interface EncodedRecord {
  readonly values: RecordValues;
  readonly payload: Uint8Array;
}

/** The record columns, in the order both bulk paths bind them. */
export const RECORD_COLUMNS = [
  'digest',
  'kind',
  'request_id',
  'response_id',
  'preceding_request_id',
  'originator_id',
  'target_id',
  'counter',
  'device_id',
  'user_id',
  'srv',
  'service_reference',
  'command_variant',
  'response_code',
  'logged_at',
  'logged_at_source',
  'response_at',
  'execution_at',
  'alert_code',
  'payload_element',
  'schema_version',
  'flags',
  'source',
] as const satisfies ReadonlyArray<keyof NewRow>;

const DIGEST = RECORD_COLUMNS.indexOf('digest');

/** Encodes a record for the bulk writer. */
export function encodeRecord(record: NewSatRecord): EncodedRecord {
  return { values: recordValues(record), payload: compressText(record.xml) };
}

/**
 * A record's values in {@link RECORD_COLUMNS} order, written out rather
 * than mapped from a row object: this runs once per ingested message.
 */
export function recordValues(record: NewSatRecord): RecordValues {
  return [
    record.digest,
    record.kind,
    record.requestId,
    record.responseId,
    record.precedingRequestId,
    record.originatorId,
    record.targetId,
    record.counter,
    record.deviceId,
    record.userId,
    record.srv,
    record.serviceReference,
    record.commandVariant,
    record.responseCode,
    record.loggedAt,
    record.loggedAtSource,
    record.responseAt,
    record.executionAt,
    record.alertCode,
    record.payloadElement,
    record.schemaVersion,
    record.flags.join(' '),
    record.source,
  ];
}

/** The content digest of encoded values. */
export function digestOf(values: RecordValues): string {
  return values[DIGEST] as string;
}
