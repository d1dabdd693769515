/**
 * The record lists, with the visibility rule applied inside each query
 * (PRODUCT.md §3). A viewer sees a record on device D when:
 *
 * - `own`: the record's User ID is one of the viewer party's users (the
 *   requests it sent, the responses and alerts addressed to it), always
 *   and in full;
 * - `responsible-supplier` / `network-operator`: the viewer is that for D
 *   at the query's instant (`at`, default now); then it sees every record
 *   on D over the whole history, with other parties' bodies withheld.
 *
 * Records on no device are visible only as own. A device on which the
 * viewer may see nothing answers null, as if it did not exist.
 */
import { sql } from 'kysely';

import type { Eui64 } from '../domain/eui64.ts';
import { mpxnFuel } from '../domain/reference-data.ts';
import type { Store } from '../store/database.ts';
import { meterPointsFor, hanLinksOf } from '../store/reference-store.ts';
import { type GrantRow, grantsByDevice, grantsSql } from './grant-query.ts';
import { type PageScope, selectRecordPage } from './record-page.ts';
import { presentRecords } from './record-presenter.ts';
import type { RecordFilter, RecordPage, Viewer } from './record-view.ts';
import {
  deviceAccess,
  hasOwnRecords,
  resolveViewer,
  type ViewerScope,
} from './viewer-scope.ts';

/** A device's records that the viewer may see, newest first; null when it
 * may see none of them (not visible or not found). */
export async function listDeviceRecords(
  store: Store,
  viewer: Viewer,
  deviceId: Eui64,
  filter: RecordFilter,
  at?: number,
): Promise<RecordPage | null> {
  const scope = await resolveViewer(store, viewer, at);
  const access = await deviceAccess(store, scope, deviceId);
  if (access === null) return null;
  const page = await selectRecordPage(
    store,
    deviceScope(deviceId, scope.partyId, access.grant !== undefined),
    filter,
  );
  const records = await presentRecords(store, page.rows, {
    partyId: scope.partyId,
    grantOf: () => access.grant,
    includePayload: filter.includePayload ?? true,
  });
  return { records, nextCursor: page.nextCursor };
}

/** The records of every device that has served an MPxN (its meters, and
 * the devices HAN-linked to them), as far as the viewer may see each
 * device; null when it may see none. */
export async function listMpxnRecords(
  store: Store,
  viewer: Viewer,
  mpxn: string,
  filter: RecordFilter,
  at?: number,
): Promise<RecordPage | null> {
  const scope = await resolveViewer(store, viewer, at);
  const reach = await mpxnReach(store, scope, mpxn);
  if (reach === null) return null;
  const granted = [...reach.grants.keys()];
  const { devices } = reach;
  const page = await selectRecordPage(
    store,
    {
      shape: `mpxn:${granted.length}:${devices.length}`,
      values: [scope.partyId, ...granted, ...devices],
      condition: (p) => {
        const mine = granted.map((_, i) => p(1 + i));
        const all = devices.map((_, i) => p(1 + granted.length + i));
        return sql<boolean>`(${inList('r.device_id', mine)}
          or (${inList('r.device_id', all)} and u.party_id = ${p(0)}))`;
      },
    },
    filter,
  );
  const records = await presentRecords(store, page.rows, {
    partyId: scope.partyId,
    grantOf: (id) => reach.grants.get(id as Eui64),
    includePayload: filter.includePayload ?? true,
  });
  return { records, nextCursor: page.nextCursor };
}

/** The devices an MPxN reaches and the viewer's grants on them; null when
 * the viewer may see nothing of any of them. */
export async function mpxnReach(
  store: Store,
  scope: ViewerScope,
  mpxn: string,
): Promise<{ devices: Eui64[]; grants: Map<Eui64, GrantRow> } | null> {
  const devices = await devicesServing(store, mpxn);
  const grants = await grantsByDevice(store, scope.partyId, scope.at, devices);
  if (grants.size > 0) return { devices, grants };
  return (await hasOwnRecords(store, scope.partyId, devices))
    ? { devices, grants }
    : null;
}

/** Every device that has served an MPxN at any time: its meters, and the
 * devices HAN-linked to those meters. */
export async function devicesServing(
  store: Store,
  mpxn: string,
): Promise<Eui64[]> {
  if (mpxnFuel(mpxn) === undefined) return [];
  const meters = [
    ...new Set((await meterPointsFor(store, [mpxn])).map((m) => m.deviceId)),
  ];
  const linked = await hanLinksOf(store, meters, 'meter_id');
  return [...new Set([...meters, ...linked.map((l) => l.deviceId)])];
}

/**
 * The portfolio feed: records that other parties' users sent or received
 * on the devices the viewer is responsible for now, newest first. Its
 * cost grows with the portfolio; give it a time window.
 */
export async function listFeed(
  store: Store,
  viewer: Viewer,
  filter: RecordFilter,
  at?: number,
): Promise<RecordPage> {
  const scope = await resolveViewer(store, viewer, at);
  const page = await selectRecordPage(
    store,
    {
      shape: 'feed',
      values: [scope.partyId, scope.at],
      condition: (p) => sql<boolean>`r.device_id in (select g.device_id
          from (${grantsSql(p(0), p(1), { kind: 'all' })}) g)
        and (u.party_id is null or u.party_id <> ${p(0)})`,
    },
    filter,
  );
  const grants = await grantsByDevice(
    store,
    scope.partyId,
    scope.at,
    page.rows.flatMap((r) => (r.device_id === null ? [] : [r.device_id])),
  );
  const records = await presentRecords(store, page.rows, {
    partyId: scope.partyId,
    grantOf: (id) => grants.get(id as Eui64),
    includePayload: filter.includePayload ?? true,
  });
  return { records, nextCursor: page.nextCursor };
}

/** A device's records: all of them, or only the party's own. */
export function deviceScope(
  deviceId: Eui64,
  partyId: string,
  all: boolean,
): PageScope {
  return all
    ? {
        shape: 'device-all',
        values: [deviceId],
        condition: (p) => sql<boolean>`r.device_id = ${p(0)}`,
      }
    : {
        shape: 'device-own',
        values: [deviceId, partyId],
        condition: (p) =>
          sql<boolean>`r.device_id = ${p(0)} and u.party_id = ${p(1)}`,
      };
}

function inList(column: string, values: readonly string[]) {
  return values.length === 0
    ? sql<boolean>`1 = 0`
    : sql<boolean>`${sql.ref(column)} in (${sql.join(values)})`;
}
