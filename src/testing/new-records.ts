/**
 * A SAT record as the writer takes it, for tests that need rows in the
 * store but not a parsed message: every extracted field empty unless the
 * test sets it.
 */
import type { NewSatRecord } from '../domain/sat-record.ts';

/** A request record with the given digest and fields. */
export function bareRecord(
  digest: string,
  fields: Partial<NewSatRecord> = {},
): NewSatRecord {
  return {
    digest,
    kind: 'request',
    requestId: null,
    responseId: null,
    precedingRequestId: null,
    originatorId: null,
    targetId: null,
    counter: null,
    deviceId: null,
    userId: null,
    srv: null,
    serviceReference: null,
    commandVariant: null,
    responseCode: null,
    loggedAt: 1,
    loggedAtSource: 'envelope',
    responseAt: null,
    executionAt: null,
    alertCode: null,
    payloadElement: null,
    schemaVersion: '5.4',
    flags: [],
    source: 'test',
    xml: '<test/>',
    ...fields,
  };
}
