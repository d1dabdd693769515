/**
 * The tables of the store, as Kysely sees them. Both backends use the same
 * shapes: times are epoch milliseconds in integer columns (BIGINT on
 * PostgreSQL), so that one query path serves SQLite and PostgreSQL alike.
 */
import type { Generated } from 'kysely';

export interface SatRecordTable {
  id: Generated<number>;
  digest: string;
  kind: string;
  request_id: string | null;
  response_id: string | null;
  preceding_request_id: string | null;
  originator_id: string | null;
  target_id: string | null;
  counter: string | null;
  device_id: string | null;
  user_id: string | null;
  srv: string | null;
  service_reference: string | null;
  command_variant: number | null;
  response_code: string | null;
  logged_at: number;
  logged_at_source: string;
  response_at: number | null;
  execution_at: number | null;
  alert_code: string | null;
  payload_element: string | null;
  schema_version: string;
  /** Space-separated reader flags, e.g. 'unsigned'. */
  flags: string;
  source: string;
}

/** The original XML of a record, compressed (payload-codec.ts). */
export interface SatPayloadTable {
  record_id: number;
  xml: Uint8Array;
}

/** A message that could not be read, kept with its source and reason. */
export interface QuarantineTable {
  id: Generated<number>;
  digest: string;
  source: string;
  code: string;
  reason: string;
  /** The refused input, compressed (payload-codec.ts). */
  content: Uint8Array;
  quarantined_at: number;
}

export interface PartyTable {
  party_id: string;
  name: string;
}

export interface RoleTable {
  code: string;
  name: string;
  kind: string;
}

export interface DccUserTable {
  user_id: string;
  party_id: string;
  role: string;
}

export interface DeviceTable {
  device_id: string;
  device_type: string;
  smets: number;
}

export interface MeterPointTable {
  device_id: string;
  mpxn: string;
  valid_from: number;
  valid_to: number | null;
}

export interface HanLinkTable {
  device_id: string;
  meter_id: string;
  valid_from: number;
  valid_to: number | null;
}

export interface RegistrationTable {
  mpxn: string;
  role: string;
  party_id: string;
  valid_from: number;
  valid_to: number | null;
}

export interface CredentialTable {
  device_id: string;
  anchor: string;
  party_id: string;
  valid_from: number;
  valid_to: number | null;
}

/** All tables. Later migrations add accounts, tokens and the access log. */
export interface Database {
  sat_record: SatRecordTable;
  sat_payload: SatPayloadTable;
  quarantine: QuarantineTable;
  party: PartyTable;
  role: RoleTable;
  dcc_user: DccUserTable;
  device: DeviceTable;
  meter_point: MeterPointTable;
  han_link: HanLinkTable;
  registration: RegistrationTable;
  credential: CredentialTable;
  account: AccountTable;
  session: SessionTable;
  api_token: ApiTokenTable;
  access_log: AccessLogTable;
  access_log_by_owner: AccessLogByOwnerTable;
  access_log_indexed: AccessLogIndexedTable;
  login_failure: LoginFailureTable;
}

/** A person's login; it acts for one party. */
export interface AccountTable {
  username: string;
  party_id: string;
  /** scrypt parameters, salt and hash, see password-hashing.ts. */
  password_hash: string;
  created_at: number;
  disabled_at: number | null;
}

/** A logged-in browser session; only the hash of its id is kept. */
export interface SessionTable {
  id_hash: string;
  username: string;
  csrf_token: string;
  created_at: number;
  expires_at: number;
}

/** An API token for a program acting for a party; kept as its sha256. */
export interface ApiTokenTable {
  id: Generated<number>;
  party_id: string;
  name: string;
  token_hash: string;
  created_at: number;
  revoked_at: number | null;
}

/** Who saw another party's records, and when. Append-only. */
export interface AccessLogTable {
  id: Generated<number>;
  viewed_at: number;
  viewer_party_id: string;
  viewer_account: string | null;
  viewer_token_id: number | null;
  /** The API route that showed the records, e.g. /api/feed. */
  route: string;
  /** The sender party of the records; null when the sender is unknown. */
  owner_party_id: string | null;
  /** The record ids shown, space-separated. */
  record_ids: string;
}

/** SQLite only: access_log's (owner, time) index, filled in batches up to
 * access_log_indexed.upto; see access-log-store.ts. */
export interface AccessLogByOwnerTable {
  owner_party_id: string;
  viewed_at: number;
  id: number;
}

/** SQLite only: one row, the access_log id up to which
 * access_log_by_owner is filled. */
export interface AccessLogIndexedTable {
  only_row: number;
  upto: number;
}

/** One failed login counted against one key ('user:…' or 'ip:…'). */
export interface LoginFailureTable {
  key: string;
  failed_at: number;
}
