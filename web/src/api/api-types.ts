/**
 * The shapes the UI reads from the HTTP API. The record shapes are imported
 * (as types only) from the server's own definitions so that the UI and the
 * API cannot drift apart.
 */
export type {
  IsoInterval,
  RecordPage,
  RecordView,
  SenderView,
  ThreadStatus,
  ThreadView,
  VisibilityBasis,
} from '../../../src/visibility/record-view.ts';
export type { RecordKind } from '../../../src/domain/sat-record.ts';

/** `GET /api/me`: the caller, its party and the CSRF token for writes. */
export interface Session {
  readonly partyId: string;
  readonly partyName: string | null;
  readonly username: string | null;
  readonly via: 'session' | 'token';
  readonly csrfToken: string | null;
}

/** One entry of `GET /api/demo-logins` (404 when not a demo world). */
export interface DemoLogin {
  readonly username: string;
  readonly password: string;
  readonly party: string;
  readonly role: string;
  readonly note: string;
}

/** One bucket of `GET /api/stats`: how many records of one SRV. */
export interface SrvCount {
  readonly bucket: string;
  readonly srv: string;
  readonly count: number;
}

/** One entry of `GET /api/access-log`: another party was shown records
 * that the caller's party sent. */
export interface AccessLogEntry {
  readonly viewedAt: string;
  readonly viewerPartyId: string;
  /** A person (session) or a program (API token); account names stay
   * private to the viewing party. */
  readonly via: 'session' | 'token';
  readonly route: string;
  readonly recordIds: readonly number[];
}

// Provisional until engineer D adds DeviceExplanation and SearchHit to
// record-view.ts; then these become type-only imports like the ones above.

/** `GET /api/devices/{id}`: the device, its installation, and who was
 * responsible for it when. */
export interface DeviceExplanation {
  readonly deviceId: string;
  readonly deviceType: string;
  readonly smets: number;
  readonly meterPoints: readonly {
    readonly mpxn: string;
    readonly meterId: string;
    readonly from: string;
    readonly to: string | null;
  }[];
  readonly installation: readonly {
    readonly deviceId: string;
    readonly deviceType: string;
    readonly meterId: string;
    readonly from: string;
    readonly to: string | null;
  }[];
  readonly responsibility: readonly {
    readonly role: 'responsible-supplier' | 'network-operator';
    readonly partyId: string;
    readonly mpxn: string | null;
    readonly from: string;
    readonly to: string | null;
  }[];
  readonly viewer: {
    readonly basis: 'own' | 'responsible-supplier' | 'network-operator';
    readonly interval: {
      readonly from: string;
      readonly to: string | null;
    } | null;
    readonly explanation: string;
  };
}

/** One answer of `GET /api/search?q=`. */
export interface SearchHit {
  readonly kind: 'device' | 'mpxn' | 'request';
  readonly deviceId: string | null;
  readonly deviceType: string | null;
  readonly mpxn: string | null;
  readonly requestId: string | null;
}
