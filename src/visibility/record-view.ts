/**
 * What a viewer is shown: the shapes every read path (CLI, HTTP API, web
 * UI, exports) shares. All identifiers are written in DUIS form and all
 * times as ISO 8601 UTC strings.
 */
import type { RecordKind } from '../domain/sat-record.ts';

/** The party a query is made for. Required by every query that returns
 * records: there is no unscoped read. */
export interface Viewer {
  readonly partyId: string;
}

/** Why a viewer may see a record. */
export type VisibilityBasis =
  'own' | 'responsible-supplier' | 'network-operator';

/** A half-open interval in ISO form; `to` null means still in force. */
export interface IsoInterval {
  readonly from: string;
  readonly to: string | null;
}

/** The Service User Descriptor of the DCC User whose traffic it is. */
export interface SenderView {
  readonly userId: string | null;
  readonly partyId: string | null;
  readonly role: string | null;
}

/** Derived status of a Request thread. */
export type ThreadStatus =
  | 'accepted'
  | 'rejected'
  | 'completed'
  | 'failed'
  | 'pending-execution'
  | 'expired'
  | 'unanswered';

/** One SAT record as one viewer may see it. */
export interface RecordView {
  readonly id: number;
  readonly requestId: string | null;
  readonly responseId: string | null;
  readonly kind: RecordKind;
  readonly srv: string | null;
  readonly srvName: string | null;
  readonly serviceReference: string | null;
  readonly commandVariant: number | null;
  readonly sender: SenderView;
  readonly deviceId: string | null;
  readonly loggedAt: string;
  readonly loggedAtSource: string;
  readonly responseCode: string | null;
  readonly responseAt: string | null;
  readonly executionAt: string | null;
  readonly alertCode: string | null;
  readonly visibility: {
    readonly basis: VisibilityBasis;
    /** The interval that grants it; null for own traffic. */
    readonly interval: IsoInterval | null;
  };
  /** What this viewer may see of the body; withheld parts are markers. */
  readonly payload: unknown;
  /** Element paths withheld from this viewer. */
  readonly withheld: readonly string[];
}

/** A page of records, newest first. */
export interface RecordPage {
  readonly records: readonly RecordView[];
  /** Opaque; pass back as `cursor` for the next page. */
  readonly nextCursor: string | null;
}

/** Filters shared by the record list and the feed. */
export interface RecordFilter {
  /** Epoch ms, inclusive. */
  readonly from?: number;
  /** Epoch ms, exclusive. */
  readonly to?: number;
  readonly srv?: string;
  readonly senderRole?: string;
  readonly kind?: RecordKind;
  readonly outcome?: 'success' | 'failure' | 'pending';
  /** 1 to 500; default 100. */
  readonly limit?: number;
  readonly cursor?: string;
}

/** All records that share a Request ID, in time order, with a status. */
export interface ThreadView {
  readonly requestId: string;
  readonly srv: string | null;
  readonly srvName: string | null;
  readonly deviceId: string | null;
  readonly sender: SenderView;
  readonly status: ThreadStatus;
  readonly executionAt: string | null;
  readonly records: readonly RecordView[];
}
