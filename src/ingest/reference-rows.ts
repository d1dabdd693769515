/**
 * The eight reference-data files and what one row of each must hold. This
 * module checks a row on its own (identifiers, times, enumerations); the
 * checks against what is already stored (unknown party, overlapping
 * intervals) are the loader's.
 */
import { tryParseEui64 } from '../domain/eui64.ts';
import {
  CREDENTIAL_ANCHORS,
  type Credential,
  type CredentialAnchor,
  type DccUser,
  type Device,
  type HanLink,
  type MeterPoint,
  mpxnFuel,
  type Party,
  type Registration,
} from '../domain/reference-data.ts';
import {
  isRoleCode,
  ROLE_KINDS,
  type Role,
  type RoleKind,
} from '../domain/role-registry.ts';
import { parseIsoTime } from './iso-time.ts';

/** The reference files, in the order they must load (each may refer to
 * the ones before it). */
export const REFERENCE_KINDS = [
  'roles',
  'parties',
  'users',
  'devices',
  'meter-points',
  'han-links',
  'registrations',
  'credentials',
] as const;

export type ReferenceKind = (typeof REFERENCE_KINDS)[number];

/** The header columns each file must have (in any order). */
export const REFERENCE_COLUMNS: Readonly<
  Record<ReferenceKind, readonly string[]>
> = {
  roles: ['code', 'name', 'kind'],
  parties: ['party_id', 'name'],
  users: ['user_id', 'party_id', 'role'],
  devices: ['device_id', 'device_type', 'smets'],
  'meter-points': ['device_id', 'mpxn', 'from', 'to'],
  'han-links': ['device_id', 'meter_id', 'from', 'to'],
  registrations: ['mpxn', 'role', 'party_id', 'from', 'to'],
  credentials: ['device_id', 'anchor', 'party_id', 'from', 'to'],
};

/** A row of each kind once read. */
export interface ReferenceRowTypes {
  roles: Role;
  parties: Party;
  users: DccUser;
  devices: Device;
  'meter-points': MeterPoint;
  'han-links': HanLink;
  registrations: Registration;
  credentials: Credential;
}

/** A row read, or the reason it cannot be. */
export type RowResult<K extends ReferenceKind> =
  | { readonly ok: true; readonly row: ReferenceRowTypes[K] }
  | { readonly ok: false; readonly reason: string };

/** Field values by column name. */
export type RowFields = Readonly<Record<string, string>>;

type RowReader<K extends ReferenceKind> = (fields: RowFields) => RowResult<K>;

const READERS: { readonly [K in ReferenceKind]: RowReader<K> } = {
  roles: readRole,
  parties: readParty,
  users: readUser,
  devices: readDevice,
  'meter-points': readMeterPoint,
  'han-links': readHanLink,
  registrations: readRegistration,
  credentials: readCredential,
};

/** Reads one row of a reference file of the given kind. */
export function readReferenceRow<K extends ReferenceKind>(
  kind: K,
  fields: RowFields,
): RowResult<K> {
  const reader = READERS[kind] as RowReader<K>;
  return reader(fields);
}

/** Thrown inside a reader to reject the row; caught by `attempt`. */
class RowRejected extends Error {}

function attempt<K extends ReferenceKind>(
  build: () => ReferenceRowTypes[K],
): RowResult<K> {
  try {
    return { ok: true, row: build() };
  } catch (error) {
    if (error instanceof RowRejected)
      return { ok: false, reason: error.message };
    throw error;
  }
}

function reject(reason: string): never {
  throw new RowRejected(reason);
}

function readRole(fields: RowFields): RowResult<'roles'> {
  return attempt(() => {
    const code = required(fields, 'code');
    if (!isRoleCode(code)) {
      reject(`role code '${code}' is not 1 to 10 upper-case letters/digits`);
    }
    const kind = required(fields, 'kind');
    if (!(ROLE_KINDS as readonly string[]).includes(kind)) {
      reject(`role kind '${kind}' is not one of ${ROLE_KINDS.join(', ')}`);
    }
    return { code, name: required(fields, 'name'), kind: kind as RoleKind };
  });
}

const PARTY_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

function readParty(fields: RowFields): RowResult<'parties'> {
  return attempt(() => ({
    partyId: partyId(fields),
    name: required(fields, 'name'),
  }));
}

function readUser(fields: RowFields): RowResult<'users'> {
  return attempt(() => ({
    userId: eui(fields, 'user_id'),
    partyId: partyId(fields),
    role: roleCode(fields, 'role'),
  }));
}

function readDevice(fields: RowFields): RowResult<'devices'> {
  return attempt(() => {
    const deviceType = required(fields, 'device_type').toUpperCase();
    if (!/^[A-Z0-9_]{2,16}$/.test(deviceType)) {
      reject(`device type '${deviceType}' is not a device type code`);
    }
    const smets = required(fields, 'smets');
    if (smets !== '1' && smets !== '2') {
      reject(`smets '${smets}' is neither 1 nor 2`);
    }
    return {
      deviceId: eui(fields, 'device_id'),
      deviceType,
      smets: smets === '1' ? 1 : 2,
    };
  });
}

function readMeterPoint(fields: RowFields): RowResult<'meter-points'> {
  return attempt(() => ({
    deviceId: eui(fields, 'device_id'),
    mpxn: mpxn(fields),
    ...interval(fields),
  }));
}

function readHanLink(fields: RowFields): RowResult<'han-links'> {
  return attempt(() => {
    const deviceId = eui(fields, 'device_id');
    const meterId = eui(fields, 'meter_id');
    if (deviceId === meterId) reject('a device cannot be linked to itself');
    return { deviceId, meterId, ...interval(fields) };
  });
}

function readRegistration(fields: RowFields): RowResult<'registrations'> {
  return attempt(() => ({
    mpxn: mpxn(fields),
    role: roleCode(fields, 'role'),
    partyId: partyId(fields),
    ...interval(fields),
  }));
}

function readCredential(fields: RowFields): RowResult<'credentials'> {
  return attempt(() => {
    const anchor = required(fields, 'anchor');
    if (!(CREDENTIAL_ANCHORS as readonly string[]).includes(anchor)) {
      reject(
        `anchor '${anchor}' is not one of ${CREDENTIAL_ANCHORS.join(', ')}`,
      );
    }
    return {
      deviceId: eui(fields, 'device_id'),
      anchor: anchor as CredentialAnchor,
      partyId: partyId(fields),
      ...interval(fields),
    };
  });
}

function required(fields: RowFields, column: string): string {
  const value = (fields[column] ?? '').trim();
  if (value === '') reject(`${column} is empty`);
  return value;
}

function eui(fields: RowFields, column: string) {
  const text = required(fields, column);
  const value = tryParseEui64(text);
  if (value === undefined) reject(`${column} '${text}' is not an EUI-64`);
  return value;
}

function partyId(fields: RowFields): string {
  const value = required(fields, 'party_id');
  if (!PARTY_ID.test(value)) {
    reject(`party_id '${value}' is not a party code`);
  }
  return value;
}

function roleCode(fields: RowFields, column: string): string {
  const value = required(fields, column);
  if (!isRoleCode(value)) reject(`${column} '${value}' is not a role code`);
  return value;
}

function mpxn(fields: RowFields): string {
  const value = required(fields, 'mpxn');
  if (mpxnFuel(value) === undefined) {
    reject(
      `mpxn '${value}' is neither an MPAN (13 digits) nor an MPRN ` +
        '(6 to 10 digits)',
    );
  }
  return value;
}

function interval(fields: RowFields): { from: number; to: number | null } {
  const from = time(fields, 'from');
  const toText = (fields['to'] ?? '').trim();
  if (toText === '') return { from, to: null };
  const to = time(fields, 'to');
  if (!(from < to)) {
    reject(`from ${fields['from']} is not before to ${fields['to']}`);
  }
  return { from, to };
}

function time(fields: RowFields, column: string): number {
  const text = required(fields, column);
  const value = parseIsoTime(text);
  if (value === undefined) {
    reject(`${column} '${text}' is not an ISO 8601 UTC time`);
  }
  return value;
}
