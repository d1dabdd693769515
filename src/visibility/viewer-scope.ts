/**
 * Who is asking and what they may see of one device. Every read path
 * starts here: the viewer's party must exist, and a device is visible
 * either in full (the party is its Responsible Supplier or Network
 * Operator now) or only for the party's own records, or not at all.
 */
import { sql } from 'kysely';

import type { Eui64 } from '../domain/eui64.ts';
import { SatviewError } from '../errors/satview-error.ts';
import type { Store } from '../store/database.ts';
import { type GrantRow, grantsByDevice } from './grant-query.ts';
import type { Viewer } from './record-view.ts';
import { runShaped } from './shaped-query.ts';

/** A checked viewer and the instant the rule is evaluated at. */
export interface ViewerScope {
  readonly partyId: string;
  readonly at: number;
}

/** How a viewer may see one device: in full through a grant, or (grant
 * undefined) only its own records. */
export interface DeviceAccess {
  readonly deviceId: Eui64;
  readonly grant: GrantRow | undefined;
}

/** Checks the viewer's party; throws SV_PARTY_UNKNOWN. */
export async function resolveViewer(
  store: Store,
  viewer: Viewer,
  at: number = Date.now(),
): Promise<ViewerScope> {
  const [party] = await runShaped<{ party_id: string }>(
    store,
    'viewer-party',
    (p) =>
      store.db
        .selectFrom('party')
        .select('party_id')
        .where('party_id', '=', p(0)),
    [viewer.partyId],
  );
  if (party === undefined) {
    throw new SatviewError(
      'partyUnknown',
      `party '${viewer.partyId}' is not known`,
      { partyId: viewer.partyId },
    );
  }
  return { partyId: party.party_id, at };
}

/** The viewer's access to a device, or null when it may see nothing of
 * it (which callers answer as "not found"). */
export async function deviceAccess(
  store: Store,
  scope: ViewerScope,
  deviceId: Eui64,
): Promise<DeviceAccess | null> {
  const grants = await grantsByDevice(store, scope.partyId, scope.at, [
    deviceId,
  ]);
  const grant = grants.get(deviceId);
  if (grant !== undefined) return { deviceId, grant };
  return (await hasOwnRecords(store, scope.partyId, [deviceId]))
    ? { deviceId, grant: undefined }
    : null;
}

/** Whether the party has any record of its own on these devices. */
export async function hasOwnRecords(
  store: Store,
  partyId: string,
  deviceIds: readonly string[],
): Promise<boolean> {
  const ids = [...new Set(deviceIds)];
  if (ids.length === 0) return false;
  const [row] = await runShaped<{ one: number }>(
    store,
    `own-records:${ids.length}`,
    (p) =>
      store.db
        .selectFrom('sat_record as r')
        .innerJoin('dcc_user as u', 'u.user_id', 'r.user_id')
        .select(sql<number>`1`.as('one'))
        .where(
          'r.device_id',
          'in',
          ids.map((_, i) => p(i + 1)),
        )
        .where('u.party_id', '=', p(0))
        .limit(1),
    [partyId, ...ids],
  );
  return row !== undefined;
}
