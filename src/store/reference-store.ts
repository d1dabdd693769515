/**
 * Reads and writes reference data: parties, their DCC Users, roles,
 * devices, and the interval tables (meter points, HAN links,
 * registrations, credentials). The loader writes through here; the record
 * queries read the facts the visibility rule needs.
 */
import { sql } from 'kysely';

import type { Eui64 } from '../domain/eui64.ts';
import type {
  Credential,
  CredentialAnchor,
  DccUser,
  Device,
  HanLink,
  MeterPoint,
  Party,
  Registration,
} from '../domain/reference-data.ts';
import {
  type Role,
  type RoleKind,
  RoleRegistry,
} from '../domain/role-registry.ts';
import type { Store } from './database.ts';

/** The four tables whose rows hold over an interval. */
export type IntervalTable =
  'meter_point' | 'han_link' | 'registration' | 'credential';

/** Per table: the columns that must not overlap in time, and the other
 * columns that, with `valid_from`, identify a row. */
export const INTERVAL_TABLES: Readonly<
  Record<IntervalTable, { group: readonly string[]; other: readonly string[] }>
> = {
  meter_point: { group: ['device_id', 'mpxn'], other: [] },
  han_link: { group: ['device_id', 'meter_id'], other: [] },
  registration: { group: ['mpxn', 'role'], other: ['party_id'] },
  credential: { group: ['device_id', 'anchor'], other: ['party_id'] },
};

/** A row of an interval table: its text columns and its interval. */
export interface IntervalRow {
  readonly columns: Readonly<Record<string, string>>;
  readonly from: number;
  readonly to: number | null;
}

const CHUNK = 500;

/** The roles a store knows: the built-in ones and those loaded. */
export async function loadRoleRegistry(store: Store): Promise<RoleRegistry> {
  const rows = await store.db.selectFrom('role').selectAll().execute();
  return new RoleRegistry(
    rows.map((r) => ({ code: r.code, name: r.name, kind: r.kind as RoleKind })),
  );
}

/** The stored roles with these codes (built-in roles are not stored). */
export async function findRoles(
  store: Store,
  codes: readonly string[],
): Promise<Map<string, Role>> {
  const rows = await inChunks(codes, (chunk) =>
    store.db
      .selectFrom('role')
      .selectAll()
      .where('code', 'in', chunk)
      .execute(),
  );
  return new Map(
    rows.map((r) => [
      r.code,
      { code: r.code, name: r.name, kind: r.kind as RoleKind },
    ]),
  );
}

/** Inserts roles, or renames those already stored. */
export async function upsertRoles(
  store: Store,
  roles: readonly Role[],
): Promise<void> {
  for (const chunk of chunks(roles)) {
    await store.db
      .insertInto('role')
      .values(chunk.map((r) => ({ code: r.code, name: r.name, kind: r.kind })))
      .onConflict((oc) =>
        oc
          .column('code')
          .doUpdateSet((eb) => ({ name: eb.ref('excluded.name') })),
      )
      .execute();
  }
}

/** Every party id the store knows. */
export async function allPartyIds(store: Store): Promise<Set<string>> {
  const rows = await store.db.selectFrom('party').select('party_id').execute();
  return new Set(rows.map((r) => r.party_id));
}

/** The stored parties with these ids. */
export async function findParties(
  store: Store,
  partyIds: readonly string[],
): Promise<Map<string, Party>> {
  const rows = await inChunks(partyIds, (chunk) =>
    store.db
      .selectFrom('party')
      .selectAll()
      .where('party_id', 'in', chunk)
      .execute(),
  );
  return new Map(
    rows.map((r) => [r.party_id, { partyId: r.party_id, name: r.name }]),
  );
}

/** The party with this id, or undefined. */
export async function findParty(
  store: Store,
  partyId: string,
): Promise<Party | undefined> {
  return (await findParties(store, [partyId])).get(partyId);
}

/** Inserts parties, or renames those already stored. */
export async function upsertParties(
  store: Store,
  parties: readonly Party[],
): Promise<void> {
  for (const chunk of chunks(parties)) {
    await store.db
      .insertInto('party')
      .values(chunk.map((p) => ({ party_id: p.partyId, name: p.name })))
      .onConflict((oc) =>
        oc
          .column('party_id')
          .doUpdateSet((eb) => ({ name: eb.ref('excluded.name') })),
      )
      .execute();
  }
}

/** The stored DCC Users with these User IDs. */
export async function findUsers(
  store: Store,
  userIds: readonly string[],
): Promise<Map<string, DccUser>> {
  const rows = await inChunks(userIds, (chunk) =>
    store.db
      .selectFrom('dcc_user')
      .selectAll()
      .where('user_id', 'in', chunk)
      .execute(),
  );
  return new Map(rows.map((r) => [r.user_id, toUser(r)]));
}

/** Every DCC User a party owns, in any role. */
export async function partyUsers(
  store: Store,
  partyId: string,
): Promise<DccUser[]> {
  const rows = await store.db
    .selectFrom('dcc_user')
    .selectAll()
    .where('party_id', '=', partyId)
    .orderBy('user_id')
    .execute();
  return rows.map(toUser);
}

/** Inserts DCC Users (the loader has ruled out conflicting ones). */
export async function insertUsers(
  store: Store,
  users: readonly DccUser[],
): Promise<void> {
  for (const chunk of chunks(users)) {
    await store.db
      .insertInto('dcc_user')
      .values(
        chunk.map((u) => ({
          user_id: u.userId,
          party_id: u.partyId,
          role: u.role,
        })),
      )
      .onConflict((oc) => oc.column('user_id').doNothing())
      .execute();
  }
}

/** The stored devices with these Device IDs. */
export async function findDevices(
  store: Store,
  deviceIds: readonly string[],
): Promise<Map<Eui64, Device>> {
  const rows = await inChunks(deviceIds, (chunk) =>
    store.db
      .selectFrom('device')
      .selectAll()
      .where('device_id', 'in', chunk)
      .execute(),
  );
  return new Map(rows.map((r) => [r.device_id as Eui64, toDevice(r)]));
}

/** Inserts devices (the loader has ruled out conflicting ones). */
export async function insertDevices(
  store: Store,
  devices: readonly Device[],
): Promise<void> {
  for (const chunk of chunks(devices)) {
    await store.db
      .insertInto('device')
      .values(
        chunk.map((d) => ({
          device_id: d.deviceId,
          device_type: d.deviceType,
          smets: d.smets,
        })),
      )
      .onConflict((oc) => oc.column('device_id').doNothing())
      .execute();
  }
}

/** The rows of an interval table whose `column` is one of `values`. */
export async function findIntervalRows(
  store: Store,
  table: IntervalTable,
  column: string,
  values: readonly string[],
): Promise<IntervalRow[]> {
  const spec = INTERVAL_TABLES[table];
  const names = [...spec.group, ...spec.other];
  return inChunks(values, async (chunk) => {
    const result = await sql<Record<string, unknown>>`
      select * from ${sql.table(table)}
      where ${sql.ref(column)} in (${sql.join(chunk)})`.execute(store.db);
    return result.rows.map((row) => toIntervalRow(row, names));
  });
}

/** Inserts new interval rows and sets the `to` of existing ones (matched
 * on their identifying columns and `from`), in one transaction. */
export async function writeIntervalRows(
  store: Store,
  table: IntervalTable,
  inserts: readonly IntervalRow[],
  updates: readonly IntervalRow[],
): Promise<void> {
  const spec = INTERVAL_TABLES[table];
  const names = [...spec.group, ...spec.other];
  await store.db.transaction().execute(async (tx) => {
    for (const chunk of chunks(inserts, 100)) {
      const tuples = chunk.map(
        (row) =>
          sql`(${sql.join([...names.map((n) => row.columns[n]), row.from, row.to])})`,
      );
      await sql`insert into ${sql.table(table)}
        (${sql.join([...names, 'valid_from', 'valid_to'].map((n) => sql.ref(n)))})
        values ${sql.join(tuples)}`.execute(tx);
    }
    for (const row of updates) {
      const matches = names.map((n) => sql`${sql.ref(n)} = ${row.columns[n]}`);
      await sql`update ${sql.table(table)} set valid_to = ${row.to}
        where ${sql.join(matches, sql` and `)}
        and valid_from = ${row.from}`.execute(tx);
    }
  });
}

/** A device's meter points (as a meter serving MPxNs). */
export async function meterPointsOf(
  store: Store,
  deviceIds: readonly string[],
): Promise<MeterPoint[]> {
  const rows = await inChunks(deviceIds, (chunk) =>
    store.db
      .selectFrom('meter_point')
      .selectAll()
      .where('device_id', 'in', chunk)
      .execute(),
  );
  return rows.map((r) => ({
    deviceId: r.device_id as Eui64,
    mpxn: r.mpxn,
    ...interval(r),
  }));
}

/** The meter points that serve any of these MPxNs. */
export async function meterPointsFor(
  store: Store,
  mpxns: readonly string[],
): Promise<MeterPoint[]> {
  const rows = await inChunks(mpxns, (chunk) =>
    store.db
      .selectFrom('meter_point')
      .selectAll()
      .where('mpxn', 'in', chunk)
      .execute(),
  );
  return rows.map((r) => ({
    deviceId: r.device_id as Eui64,
    mpxn: r.mpxn,
    ...interval(r),
  }));
}

/** HAN links from these devices, or to these meters. */
export async function hanLinksOf(
  store: Store,
  ids: readonly string[],
  side: 'device_id' | 'meter_id',
): Promise<HanLink[]> {
  const rows = await inChunks(ids, (chunk) =>
    store.db
      .selectFrom('han_link')
      .selectAll()
      .where(side, 'in', chunk)
      .execute(),
  );
  return rows.map((r) => ({
    deviceId: r.device_id as Eui64,
    meterId: r.meter_id as Eui64,
    ...interval(r),
  }));
}

/** Every registration of these MPxNs. */
export async function registrationsOf(
  store: Store,
  mpxns: readonly string[],
): Promise<Registration[]> {
  const rows = await inChunks(mpxns, (chunk) =>
    store.db
      .selectFrom('registration')
      .selectAll()
      .where('mpxn', 'in', chunk)
      .execute(),
  );
  return rows.map((r) => ({
    mpxn: r.mpxn,
    role: r.role,
    partyId: r.party_id,
    ...interval(r),
  }));
}

/** Every credential row of these devices. */
export async function credentialsOf(
  store: Store,
  deviceIds: readonly string[],
): Promise<Credential[]> {
  const rows = await inChunks(deviceIds, (chunk) =>
    store.db
      .selectFrom('credential')
      .selectAll()
      .where('device_id', 'in', chunk)
      .execute(),
  );
  return rows.map((r) => ({
    deviceId: r.device_id as Eui64,
    anchor: r.anchor as CredentialAnchor,
    partyId: r.party_id,
    ...interval(r),
  }));
}

function toUser(r: { user_id: string; party_id: string; role: string }) {
  return { userId: r.user_id as Eui64, partyId: r.party_id, role: r.role };
}

function toDevice(r: {
  device_id: string;
  device_type: string;
  smets: number;
}): Device {
  return {
    deviceId: r.device_id as Eui64,
    deviceType: r.device_type,
    smets: r.smets === 1 ? 1 : 2,
  };
}

function interval(r: { valid_from: number; valid_to: number | null }) {
  return {
    from: Number(r.valid_from),
    to: r.valid_to === null ? null : Number(r.valid_to),
  };
}

function toIntervalRow(
  row: Record<string, unknown>,
  names: readonly string[],
): IntervalRow {
  const columns: Record<string, string> = {};
  for (const name of names) columns[name] = String(row[name]);
  return {
    columns,
    from: Number(row['valid_from']),
    to: row['valid_to'] === null ? null : Number(row['valid_to']),
  };
}

function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) {
    out.push(items.slice(i, i + size));
  }
  return out;
}

/** Runs a lookup per chunk of keys (SQL parameter lists are bounded). */
async function inChunks<K, R>(
  keys: readonly K[],
  lookup: (chunk: K[]) => Promise<R[]>,
): Promise<R[]> {
  const unique = [...new Set(keys)];
  const out: R[] = [];
  for (const chunk of chunks(unique)) out.push(...(await lookup(chunk)));
  return out;
}
