/**
 * Reference data: who the parties are, which User IDs they own in which
 * role, the devices, the meter points they serve, the HAN links between
 * them, market registrations and device security credentials. Intervals are
 * half-open [from, to) in epoch milliseconds; `to` null means still in
 * force.
 */
import type { Eui64 } from './eui64.ts';

/** A half-open time interval [from, to); to null is open-ended. */
export interface Interval {
  readonly from: number;
  readonly to: number | null;
}

/** Whether an instant lies inside a half-open interval. */
export function intervalContains(interval: Interval, at: number): boolean {
  return interval.from <= at && (interval.to === null || at < interval.to);
}

/** Whether two half-open intervals share an instant. */
export function intervalsOverlap(a: Interval, b: Interval): boolean {
  const aEndsAfterBStarts = a.to === null || a.to > b.from;
  const bEndsAfterAStarts = b.to === null || b.to > a.from;
  return aEndsAfterBStarts && bEndsAfterAStarts;
}

export interface Party {
  readonly partyId: string;
  readonly name: string;
}

/** A DCC User ID owned by one party in one role. */
export interface DccUser {
  readonly userId: Eui64;
  readonly partyId: string;
  readonly role: string;
}

export interface Device {
  readonly deviceId: Eui64;
  /** ESME, GSME, GPF, CHF, HCALCS, PPMID, IHD, CAD, SAPC, or another. */
  readonly deviceType: string;
  readonly smets: 1 | 2;
}

/** A meter serving an MPxN over an interval. */
export interface MeterPoint extends Interval {
  readonly deviceId: Eui64;
  readonly mpxn: string;
}

/** A non-meter device linked to a meter it serves over an interval. */
export interface HanLink extends Interval {
  readonly deviceId: Eui64;
  readonly meterId: Eui64;
}

/** The party holding a role for an MPxN over an interval. */
export interface Registration extends Interval {
  readonly mpxn: string;
  readonly role: string;
  readonly partyId: string;
}

/** The trust-anchor cells of a SMETS2 device. */
export type CredentialAnchor =
  | 'supplier'
  | 'network-operator'
  | 'access-control-broker'
  | 'wan-provider'
  | 'transitional-cos'
  | 'recovery'
  | 'load-controller';

export const CREDENTIAL_ANCHORS: readonly CredentialAnchor[] = [
  'supplier',
  'network-operator',
  'access-control-broker',
  'wan-provider',
  'transitional-cos',
  'recovery',
  'load-controller',
];

/** The party whose certificate sits in a device's anchor cell. */
export interface Credential extends Interval {
  readonly deviceId: Eui64;
  readonly anchor: CredentialAnchor;
  readonly partyId: string;
}

/** Meter device types; every other type reaches an MPxN via HAN links. */
export const METER_TYPES: readonly string[] = ['ESME', 'GSME'];

/** MPAN: 13 digits (electricity). MPRN: 6 to 10 digits (gas). */
export function mpxnFuel(mpxn: string): 'electricity' | 'gas' | undefined {
  if (/^[0-9]{13}$/.test(mpxn)) return 'electricity';
  if (/^[0-9]{6,10}$/.test(mpxn)) return 'gas';
  return undefined;
}
