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
  /** success: response code I0 or I99, or execution alert 8F66;
   * failure: any E or W response code, or alert 8F67; pending: a request
   * that no other record with its Request ID answers yet. */
  readonly outcome?: 'success' | 'failure' | 'pending';
  /** 1 to 500; default 100. */
  readonly limit?: number;
  readonly cursor?: string;
  /** Whether to read each record's body (default true). A list that
   * shows only SAT metadata can skip it: payload is then null. */
  readonly includePayload?: boolean;
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

/** An MPxN a device serves, directly (a meter) or through a HAN link. */
export interface MeterPointView {
  readonly mpxn: string;
  readonly fuel: 'electricity' | 'gas';
  /** The meter serving it: the device itself, or the meter it links to. */
  readonly meterId: string;
  readonly viaHanLink: boolean;
  readonly from: string;
  readonly to: string | null;
}

/** One device on the same HAN: a meter, or a device linked to one. */
export interface InstallationMember {
  readonly deviceId: string;
  readonly deviceType: string;
  /** The meter it is linked to (itself, for a meter). */
  readonly meterId: string;
  readonly from: string;
  readonly to: string | null;
}

/** One period in which a party was responsible for a device. */
export interface ResponsibilityPeriod {
  readonly role: 'responsible-supplier' | 'network-operator';
  readonly partyId: string;
  readonly partyName: string | null;
  /** What granted it: a registration (IS, GS, ED, GT) for an MPxN, or
   * the network-operator credential on the device. */
  readonly source: 'registration' | 'credential';
  readonly registeredRole: string | null;
  readonly mpxn: string | null;
  readonly meterId: string | null;
  readonly viaHanLink: boolean;
  readonly from: string;
  readonly to: string | null;
}

/** A device, its installation, who was responsible for it when, and why
 * the viewer sees what it sees. Parts the viewer may not see are empty. */
export interface DeviceExplanation {
  readonly deviceId: string;
  /** Null when reference data does not know the device. */
  readonly deviceType: string | null;
  readonly smets: number | null;
  readonly meterPoints: readonly MeterPointView[];
  readonly installation: readonly InstallationMember[];
  /** Where the Network Operator comes from: the device's credentials,
   * or (none known) the registered distributor or transporter. */
  readonly networkOperatorSource: 'credential' | 'registration';
  readonly responsibility: readonly ResponsibilityPeriod[];
  readonly viewer: {
    readonly partyId: string;
    readonly basis: VisibilityBasis;
    /** The interval of the grant; null when only own records show. */
    readonly interval: IsoInterval | null;
    readonly explanation: string;
  };
}

/** One thing a search found that the viewer may see. */
export interface SearchHit {
  readonly kind: 'device' | 'mpxn' | 'request';
  readonly deviceId: string | null;
  readonly deviceType: string | null;
  readonly mpxn: string | null;
  readonly requestId: string | null;
  /** Why the viewer may see it. */
  readonly basis: VisibilityBasis;
  /** A line to show in a result list. */
  readonly label: string;
}
