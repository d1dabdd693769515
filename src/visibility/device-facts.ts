/**
 * Reads the reference facts that decide who is responsible for a device
 * (see responsibility.ts), and the installation it belongs to.
 */
import type { Eui64 } from '../domain/eui64.ts';
import type { Device, HanLink } from '../domain/reference-data.ts';
import type { Store } from '../store/database.ts';
import {
  credentialsOf,
  findDevices,
  hanLinksOf,
  meterPointsOf,
  registrationsOf,
} from '../store/reference-store.ts';
import { type DeviceFacts, isMeter } from './responsibility.ts';

/** The facts about one device, or null when reference data lacks it. */
export async function loadDeviceFacts(
  store: Store,
  deviceId: Eui64,
): Promise<DeviceFacts | null> {
  const device = (await findDevices(store, [deviceId])).get(deviceId);
  if (device === undefined) return null;
  const meter = isMeter(device.deviceType);
  const hanLinks = meter
    ? []
    : await hanLinksOf(store, [deviceId], 'device_id');
  const meterIds = meter ? [deviceId] : unique(hanLinks.map((l) => l.meterId));
  const meterPoints = await meterPointsOf(store, meterIds);
  return {
    device,
    devices: await findDevices(store, [deviceId, ...meterIds]),
    meterPoints,
    hanLinks,
    registrations: await registrationsOf(
      store,
      unique(meterPoints.map((m) => m.mpxn)),
    ),
    credentials: await credentialsOf(store, [deviceId]),
  };
}

/** The HAN a device belongs to: the meters it is (or is) linked to, and
 * every link to those meters, with the devices' facts. */
export interface Installation {
  readonly meters: readonly Eui64[];
  readonly links: readonly HanLink[];
  readonly devices: ReadonlyMap<Eui64, Device>;
}

/** The installation of a device whose facts are known. */
export async function loadInstallation(
  store: Store,
  facts: DeviceFacts,
): Promise<Installation> {
  const meters = isMeter(facts.device.deviceType)
    ? [facts.device.deviceId]
    : unique(facts.hanLinks.map((l) => l.meterId));
  const links = await hanLinksOf(store, meters, 'meter_id');
  const devices = await findDevices(store, [
    ...meters,
    ...links.map((l) => l.deviceId),
  ]);
  return { meters, links, devices };
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}
