/**
 * ISO 8601 times as reference data writes them: a date, or a date and time
 * with an optional `Z` or offset. A time without a zone is read as UTC
 * (the files are UTC by contract; JavaScript would read it as local time).
 */

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** Epoch milliseconds of an ISO 8601 time, or undefined when it is not
 * one (including impossible dates such as 2024-02-30). */
export function parseIsoTime(text: string): number | undefined {
  const match = ISO.exec(text.trim());
  if (match === null) return undefined;
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', zone] = match;
  const parts = [y, mo, d].map(Number) as [number, number, number];
  const [hour, minute, second] = [h, mi, s].map(Number) as [
    number,
    number,
    number,
  ];
  const millis = Number((frac + '000').slice(0, 3));
  const utc = Date.UTC(parts[0], parts[1] - 1, parts[2], hour, minute, second);
  if (!sameCalendar(utc, parts, hour, minute, second)) return undefined;
  return utc + millis - offsetMillis(zone);
}

function sameCalendar(
  utc: number,
  [year, month, day]: [number, number, number],
  hour: number,
  minute: number,
  second: number,
): boolean {
  const date = new Date(utc);
  return (
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day &&
    date.getUTCHours() === hour &&
    date.getUTCMinutes() === minute &&
    date.getUTCSeconds() === second
  );
}

function offsetMillis(zone: string | undefined): number {
  if (zone === undefined || zone === 'Z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = Number(digits.slice(2, 4));
  return sign * (hours * 60 + minutes) * 60_000;
}

/** An epoch-ms instant as an ISO 8601 UTC string. */
export function formatIsoTime(epochMs: number): string {
  return new Date(epochMs).toISOString();
}
