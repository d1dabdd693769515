/**
 * Maps SAT records between their domain shape and their table row.
 */
import type { Selectable } from 'kysely';

import type { Eui64 } from '../domain/eui64.ts';
import type {
  LoggedAtSource,
  NewSatRecord,
  RecordKind,
  SatRecord,
} from '../domain/sat-record.ts';
import type { SatRecordTable } from './schema.ts';

type Row = Selectable<SatRecordTable>;
export type NewRow = Omit<Row, 'id'>;

/** The table row for a new record (without its XML). */
export function toRow(record: NewSatRecord): NewRow {
  return {
    digest: record.digest,
    kind: record.kind,
    request_id: record.requestId,
    response_id: record.responseId,
    preceding_request_id: record.precedingRequestId,
    originator_id: record.originatorId,
    target_id: record.targetId,
    counter: record.counter,
    device_id: record.deviceId,
    user_id: record.userId,
    srv: record.srv,
    service_reference: record.serviceReference,
    command_variant: record.commandVariant,
    response_code: record.responseCode,
    logged_at: record.loggedAt,
    logged_at_source: record.loggedAtSource,
    response_at: record.responseAt,
    execution_at: record.executionAt,
    alert_code: record.alertCode,
    payload_element: record.payloadElement,
    schema_version: record.schemaVersion,
    flags: record.flags.join(' '),
    source: record.source,
  };
}

/** The domain record for a table row. */
export function fromRow(row: Row): SatRecord {
  return {
    id: Number(row.id),
    digest: row.digest,
    kind: row.kind as RecordKind,
    requestId: row.request_id,
    responseId: row.response_id,
    precedingRequestId: row.preceding_request_id,
    originatorId: row.originator_id as Eui64 | null,
    targetId: row.target_id as Eui64 | null,
    counter: row.counter,
    deviceId: row.device_id as Eui64 | null,
    userId: row.user_id as Eui64 | null,
    srv: row.srv,
    serviceReference: row.service_reference,
    commandVariant: row.command_variant,
    responseCode: row.response_code,
    loggedAt: Number(row.logged_at),
    loggedAtSource: row.logged_at_source as LoggedAtSource,
    responseAt: row.response_at === null ? null : Number(row.response_at),
    executionAt: row.execution_at === null ? null : Number(row.execution_at),
    alertCode: row.alert_code,
    payloadElement: row.payload_element,
    schemaVersion: row.schema_version,
    flags: row.flags === '' ? [] : row.flags.split(' '),
    source: row.source,
  };
}
