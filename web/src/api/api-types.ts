/**
 * The shapes the UI reads from the HTTP API. The record shapes are imported
 * (as types only) from the server's own definitions so that the UI and the
 * API cannot drift apart.
 */
export type {
  DeviceExplanation,
  InstallationMember,
  IsoInterval,
  MeterPointView,
  RecordPage,
  RecordView,
  ResponsibilityPeriod,
  SearchHit,
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
export type { DemoLogin } from '../../../src/server/server-context.ts';

export type { SrvCount } from '../../../src/visibility/srv-count-query.ts';

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
