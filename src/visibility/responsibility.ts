/**
 * Who is responsible for a device, and when (PRODUCT.md §3, DOMAIN.md §5).
 * Pure: it reasons over reference facts already read from the store.
 *
 * - Responsible Supplier: the party registered as IS for the MPAN, or GS
 *   for the MPRN, that the device serves: directly through its meter
 *   points if it is a meter (ESME, GSME), through its HAN links to meters
 *   otherwise (so a CHF at a dual-fuel premises has two).
 * - Network Operator: the party holding the `network-operator` credential.
 *   Where the device has no credential rows at all (SMETS1, or no data
 *   loaded), the ED registered for its MPAN or the GT for its MPRN stands
 *   in, reached the same way as the supplier.
 *
 * Each grant carries the interval over which it holds: the intersection of
 * the registration or credential with the HAN link and meter point used.
 */
import type { Eui64 } from '../domain/eui64.ts';
import {
  type Credential,
  type Device,
  type HanLink,
  type Interval,
  intervalContains,
  type MeterPoint,
  METER_TYPES,
  mpxnFuel,
  type Registration,
} from '../domain/reference-data.ts';

/** The reference facts that decide who is responsible for one device. */
export interface DeviceFacts {
  readonly device: Device;
  /** The device itself and every meter it is HAN-linked to. */
  readonly devices: ReadonlyMap<Eui64, Device>;
  /** Meter points of the device (a meter) or of the meters it links to. */
  readonly meterPoints: readonly MeterPoint[];
  /** HAN links from the device to meters. */
  readonly hanLinks: readonly HanLink[];
  /** Registrations of every MPxN in `meterPoints`. */
  readonly registrations: readonly Registration[];
  /** Every credential row of the device, any anchor, any time. */
  readonly credentials: readonly Credential[];
}

/** The two ways a party is responsible for a device. */
export type ResponsibilityBasis = 'responsible-supplier' | 'network-operator';

/** How a device reaches an MPxN over an interval. */
export interface MpxnPath {
  readonly mpxn: string;
  readonly fuel: 'electricity' | 'gas';
  /** The meter serving the MPxN (the device itself, if a meter). */
  readonly meterId: Eui64;
  /** Whether the path runs through a HAN link. */
  readonly viaHanLink: boolean;
  readonly interval: Interval;
}

/** What makes a party responsible. */
export type GrantSource =
  | {
      readonly kind: 'registration';
      readonly role: string;
      readonly path: MpxnPath;
    }
  | { readonly kind: 'credential'; readonly anchor: 'network-operator' };

/** One party's responsibility for the device over one interval. */
export interface Grant {
  readonly partyId: string;
  readonly basis: ResponsibilityBasis;
  readonly interval: Interval;
  readonly source: GrantSource;
}

/** Whether a device type is a meter (serves MPxNs directly). */
export function isMeter(deviceType: string): boolean {
  return METER_TYPES.includes(deviceType);
}

/** The intersection of two intervals, or null when they share nothing. */
export function intersect(a: Interval, b: Interval): Interval | null {
  const from = Math.max(a.from, b.from);
  const to = a.to === null ? b.to : b.to === null ? a.to : Math.min(a.to, b.to);
  return to === null || from < to ? { from, to } : null;
}

/** Every way the device reaches an MPxN, over time. */
export function mpxnPaths(facts: DeviceFacts): MpxnPath[] {
  const { device } = facts;
  if (isMeter(device.deviceType)) {
    return facts.meterPoints
      .filter((mp) => mp.deviceId === device.deviceId)
      .flatMap((mp) => pathOf(mp, mp, false));
  }
  return facts.hanLinks
    .filter((link) => link.deviceId === device.deviceId)
    .filter((link) =>
      isMeter(facts.devices.get(link.meterId)?.deviceType ?? ''),
    )
    .flatMap((link) =>
      facts.meterPoints
        .filter((mp) => mp.deviceId === link.meterId)
        .flatMap((mp) => {
          const span = intersect(link, mp);
          return span === null ? [] : pathOf(mp, span, true);
        }),
    );
}

function pathOf(
  mp: MeterPoint,
  span: Interval,
  viaHanLink: boolean,
): MpxnPath[] {
  const fuel = mpxnFuel(mp.mpxn);
  if (fuel === undefined) return [];
  const interval = { from: span.from, to: span.to };
  return [{ mpxn: mp.mpxn, fuel, meterId: mp.deviceId, viaHanLink, interval }];
}

/** Every grant of responsibility for the device, over all time. */
export function responsibilityHistory(facts: DeviceFacts): Grant[] {
  const paths = mpxnPaths(facts);
  const suppliers = registrationGrants(
    facts,
    paths,
    'responsible-supplier',
    (fuel) => (fuel === 'electricity' ? 'IS' : 'GS'),
  );
  return [...suppliers, ...networkOperatorGrants(facts, paths)].sort(byStart);
}

/** The grants in force at an instant. */
export function responsibilityAt(facts: DeviceFacts, at: number): Grant[] {
  return responsibilityHistory(facts).filter((g) =>
    intervalContains(g.interval, at),
  );
}

/** Whether the device's Network Operator comes from its credentials or,
 * for want of any, from the registered distributor or transporter. */
export function networkOperatorSource(
  facts: DeviceFacts,
): 'credential' | 'registration' {
  return facts.credentials.length > 0 ? 'credential' : 'registration';
}

function networkOperatorGrants(
  facts: DeviceFacts,
  paths: readonly MpxnPath[],
): Grant[] {
  if (networkOperatorSource(facts) === 'registration') {
    return registrationGrants(facts, paths, 'network-operator', (fuel) =>
      fuel === 'electricity' ? 'ED' : 'GT',
    );
  }
  return facts.credentials
    .filter((c) => c.anchor === 'network-operator')
    .map((c) => ({
      partyId: c.partyId,
      basis: 'network-operator',
      interval: { from: c.from, to: c.to },
      source: { kind: 'credential', anchor: 'network-operator' },
    }));
}

function registrationGrants(
  facts: DeviceFacts,
  paths: readonly MpxnPath[],
  basis: ResponsibilityBasis,
  roleFor: (fuel: 'electricity' | 'gas') => string,
): Grant[] {
  return paths.flatMap((path) => {
    const role = roleFor(path.fuel);
    return facts.registrations
      .filter((r) => r.mpxn === path.mpxn && r.role === role)
      .flatMap((r): Grant[] => {
        const interval = intersect(path.interval, r);
        if (interval === null) return [];
        const source = { kind: 'registration', role, path } as const;
        return [{ partyId: r.partyId, basis, interval, source }];
      });
  });
}

function byStart(a: Grant, b: Grant): number {
  return (
    a.interval.from - b.interval.from || a.partyId.localeCompare(b.partyId)
  );
}

/**
 * The grant that lets a party see the device at an instant, or undefined.
 * Responsible Supplier comes before Network Operator; among several (a
 * dual-fuel CHF, two meter points) the longest-standing one.
 */
export function viewerGrant(
  facts: DeviceFacts,
  partyId: string,
  at: number,
): Grant | undefined {
  const mine = responsibilityAt(facts, at).filter((g) => g.partyId === partyId);
  return mine.sort(
    (a, b) =>
      basisRank(a.basis) - basisRank(b.basis) ||
      a.interval.from - b.interval.from,
  )[0];
}

function basisRank(basis: ResponsibilityBasis): number {
  return basis === 'responsible-supplier' ? 0 : 1;
}
