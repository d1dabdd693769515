/**
 * Search by Device ID (any spelling), MPxN or Request ID, answering only
 * what the viewer may see: a device, MPxN or thread it may see nothing of
 * is simply not found.
 */
import { type Eui64, formatEui64, tryParseEui64 } from '../domain/eui64.ts';
import { mpxnFuel } from '../domain/reference-data.ts';
import { formatRequestId, parseRequestId } from '../domain/request-id.ts';
import { isSatviewError } from '../errors/satview-error.ts';
import type { Store } from '../store/database.ts';
import { findDevices } from '../store/reference-store.ts';
import { mpxnReach } from './record-query.ts';
import type { SearchHit, VisibilityBasis, Viewer } from './record-view.ts';
import { loadThreads } from './thread-query.ts';
import {
  deviceAccess,
  resolveViewer,
  type ViewerScope,
} from './viewer-scope.ts';

/** What the text names that the viewer may see (possibly nothing). */
export async function resolveSearch(
  store: Store,
  viewer: Viewer,
  q: string,
  at?: number,
): Promise<SearchHit[]> {
  const scope = await resolveViewer(store, viewer, at);
  const text = q.trim();
  if (text.includes(':')) return searchRequest(store, scope, text);
  const deviceId = tryParseEui64(text);
  if (deviceId !== undefined) return searchDevice(store, scope, deviceId);
  const mpxn = text.replace(/\s+/g, '');
  if (mpxnFuel(mpxn) !== undefined) return searchMpxn(store, scope, mpxn);
  return [];
}

async function searchDevice(
  store: Store,
  scope: ViewerScope,
  deviceId: Eui64,
): Promise<SearchHit[]> {
  const access = await deviceAccess(store, scope, deviceId);
  if (access === null) return [];
  const device = (await findDevices(store, [deviceId])).get(deviceId);
  return [deviceHit(deviceId, device?.deviceType ?? null, access.grant?.basis)];
}

async function searchMpxn(
  store: Store,
  scope: ViewerScope,
  mpxn: string,
): Promise<SearchHit[]> {
  const reach = await mpxnReach(store, scope, mpxn);
  if (reach === null) return [];
  const devices = await findDevices(store, reach.devices);
  const granted = [...reach.grants.values()];
  const basis: VisibilityBasis = granted[0]?.basis ?? 'own';
  const hit: SearchHit = {
    kind: 'mpxn',
    deviceId: null,
    deviceType: null,
    mpxn,
    requestId: null,
    basis,
    label: `${mpxnFuel(mpxn) === 'gas' ? 'MPRN' : 'MPAN'} ${mpxn}`,
  };
  // Devices the viewer sees in full are listed; for the others only its
  // own records show, and naming them is left to those records.
  const listed = reach.devices.filter((id) => reach.grants.has(id));
  return [
    hit,
    ...listed.map((id) =>
      deviceHit(
        id,
        devices.get(id)?.deviceType ?? null,
        reach.grants.get(id)?.basis,
      ),
    ),
  ];
}

async function searchRequest(
  store: Store,
  scope: ViewerScope,
  text: string,
): Promise<SearchHit[]> {
  let requestId: string;
  try {
    requestId = formatRequestId(parseRequestId(text));
  } catch (error) {
    if (isSatviewError(error, 'requestIdInvalid')) return [];
    throw error;
  }
  const [thread] = await loadThreads(store, scope, [requestId]);
  if (thread === undefined) return [];
  const first = thread.records[0];
  return [
    {
      kind: 'request',
      deviceId: thread.deviceId,
      deviceType: null,
      mpxn: null,
      requestId,
      basis: first?.visibility.basis ?? 'own',
      label: `${thread.srv ?? 'request'} ${thread.srvName ?? ''} (${
        thread.status
      })`.replace(/\s+/g, ' '),
    },
  ];
}

function deviceHit(
  deviceId: Eui64,
  deviceType: string | null,
  basis: VisibilityBasis | undefined,
): SearchHit {
  const id = formatEui64(deviceId);
  return {
    kind: 'device',
    deviceId: id,
    deviceType,
    mpxn: null,
    requestId: null,
    basis: basis ?? 'own',
    label: `${deviceType ?? 'device'} ${id}`,
  };
}
