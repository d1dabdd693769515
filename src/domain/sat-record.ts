/**
 * SAT records: one DUIS message as the DCC's Service Audit Trail logged it,
 * with the fields satview extracts from it. The original XML is kept beside
 * the record (compressed) and never altered.
 */
import type { Eui64 } from './eui64.ts';
import type { RequestId } from './request-id.ts';

/**
 * What a message is. A synchronous rejection (an E or W code with no
 * payload) is a `response`; its thread status tells it apart.
 */
export type RecordKind =
  | 'request'
  | 'acknowledgement'
  | 'response'
  | 'device-alert'
  | 'dcc-alert'
  | 'smets1-response';

export const RECORD_KINDS: readonly RecordKind[] = [
  'request',
  'acknowledgement',
  'response',
  'device-alert',
  'dcc-alert',
  'smets1-response',
];

/** Where a record's logged time came from. */
export type LoggedAtSource = 'envelope' | 'response-time' | 'file-mtime';

/** The fields the DUIS reader extracts from one message. */
export interface ParsedMessage {
  readonly kind: RecordKind;
  /** The root's schemaVersion attribute, e.g. '5.4'. */
  readonly schemaVersion: string;
  readonly requestId: RequestId | null;
  readonly responseId: RequestId | null;
  readonly precedingRequestId: RequestId | null;
  /** The Service Reference Variant, e.g. '1.1.1'; null for alerts. */
  readonly srv: string | null;
  readonly serviceReference: string | null;
  readonly commandVariant: number | null;
  readonly responseCode: string | null;
  /** ResponseDateTime, in epoch milliseconds. */
  readonly responseAt: number | null;
  /** ExecutionDateTime of a future-dated request, epoch milliseconds. */
  readonly executionAt: number | null;
  /** Device AlertCode (hex, e.g. '8F35') or DCCAlertCode (e.g. 'N12'). */
  readonly alertCode: string | null;
  /** The local name of the payload element (the Body's child, or the
   * element inside ResponseMessage), e.g. 'SignedPreCommand'. */
  readonly payloadElement: string | null;
  /** The Device the message is about (see device-of-message rules). */
  readonly deviceId: Eui64 | null;
  /** The DCC User whose traffic this is: the sender of a request, the
   * addressee of a response or alert. */
  readonly userId: Eui64 | null;
  /** Remarks that do not stop the message being read, e.g. 'unsigned'
   * (no ds:Signature) or 'unknown-srv'. */
  readonly flags: readonly string[];
}

/** A record as stored, without its XML. */
export interface SatRecord {
  readonly id: number;
  readonly digest: string;
  readonly kind: RecordKind;
  /** DUIS form, e.g. `90-B3-…:00-DB-…:1712000000123`. */
  readonly requestId: string | null;
  readonly responseId: string | null;
  readonly precedingRequestId: string | null;
  readonly originatorId: Eui64 | null;
  readonly targetId: Eui64 | null;
  readonly counter: string | null;
  readonly deviceId: Eui64 | null;
  readonly userId: Eui64 | null;
  readonly srv: string | null;
  readonly serviceReference: string | null;
  readonly commandVariant: number | null;
  readonly responseCode: string | null;
  readonly loggedAt: number;
  readonly loggedAtSource: LoggedAtSource;
  readonly responseAt: number | null;
  readonly executionAt: number | null;
  readonly alertCode: string | null;
  readonly payloadElement: string | null;
  readonly schemaVersion: string;
  readonly flags: readonly string[];
  /** Where it was read from, e.g. `sat/2024-04.ndjson:17`. */
  readonly source: string;
}

/** A record ready to be written: the stored fields and its XML. */
export type NewSatRecord = Omit<SatRecord, 'id'> & { readonly xml: string };
