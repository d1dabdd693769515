/**
 * The demo world's reference data as the CSV files of PRODUCT.md §6:
 * a header row, ISO 8601 UTC times, an empty value for an open end, and
 * Device and User IDs in DUIS form.
 */
import { formatEui64 } from '../domain/eui64.ts';
import type { DccUser, Party } from '../domain/reference-data.ts';
import { isoOf } from './demo-calendar.ts';
import type { PremisesReference } from './demo-reference.ts';

/** The reference files, in the order they are written. */
export const REFERENCE_FILES = [
  'parties',
  'users',
  'devices',
  'meter-points',
  'han-links',
  'registrations',
  'credentials',
] as const;

export type ReferenceFile = (typeof REFERENCE_FILES)[number];

export const CSV_HEADERS: Readonly<Record<ReferenceFile, string>> = {
  parties: 'party_id,name',
  users: 'user_id,party_id,role',
  devices: 'device_id,device_type,smets',
  'meter-points': 'device_id,mpxn,from,to',
  'han-links': 'device_id,meter_id,from,to',
  registrations: 'mpxn,role,party_id,from,to',
  credentials: 'device_id,anchor,party_id,from,to',
};

/** One CSV line (with its newline); fields quoted only when needed. */
export function csvLine(fields: readonly (string | number | null)[]): string {
  return fields.map(csvField).join(',') + '\n';
}

function csvField(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function time(at: number | null): string | null {
  return at === null ? null : isoOf(at);
}

/** The lines of parties.csv and users.csv (without headers). */
export function marketLines(
  parties: readonly Party[],
  users: readonly DccUser[],
): Pick<Record<ReferenceFile, string>, 'parties' | 'users'> {
  return {
    parties: parties.map((p) => csvLine([p.partyId, p.name])).join(''),
    users: users
      .map((u) => csvLine([formatEui64(u.userId), u.partyId, u.role]))
      .join(''),
  };
}

/** The lines one premises adds to each device-level file. */
export function premisesLines(
  reference: PremisesReference,
): Omit<Record<ReferenceFile, string>, 'parties' | 'users'> {
  const id = formatEui64;
  return {
    devices: reference.devices
      .map((d) => csvLine([id(d.deviceId), d.deviceType, d.smets]))
      .join(''),
    'meter-points': reference.meterPoints
      .map((m) => csvLine([id(m.deviceId), m.mpxn, time(m.from), time(m.to)]))
      .join(''),
    'han-links': reference.hanLinks
      .map((h) =>
        csvLine([id(h.deviceId), id(h.meterId), time(h.from), time(h.to)]),
      )
      .join(''),
    registrations: reference.registrations
      .map((r) =>
        csvLine([r.mpxn, r.role, r.partyId, time(r.from), time(r.to)]),
      )
      .join(''),
    credentials: reference.credentials
      .map((c) =>
        csvLine([
          id(c.deviceId),
          c.anchor,
          c.partyId,
          time(c.from),
          time(c.to),
        ]),
      )
      .join(''),
  };
}
