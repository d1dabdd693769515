/**
 * Time arithmetic for the demo world. All instants are epoch milliseconds
 * in UTC; the world's "today" is a parameter, never the clock, except in
 * `todayUtcMidnight` which `npm start` uses to make the demo look current.
 */

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** The UTC midnight at or before an instant. */
export function midnightOf(at: number): number {
  return Math.floor(at / DAY) * DAY;
}

/**
 * Today's UTC midnight, read from the clock: only for `npm start`, which
 * wants a demo that looks current. Tests and `satview demo` use a fixed
 * date so that the same options give the same world.
 */
export function todayUtcMidnight(now: number = Date.now()): number {
  return midnightOf(now);
}

/** Reads `YYYY-MM-DD` (or a full ISO time) as a UTC midnight. */
export function parseDay(text: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}/.test(text)) return undefined;
  const at = Date.parse(text.length === 10 ? `${text}T00:00:00Z` : text);
  return Number.isNaN(at) ? undefined : midnightOf(at);
}

/** The first days of the calendar quarters (UTC) in [from, to). */
export function quarterStarts(from: number, to: number): number[] {
  const starts: number[] = [];
  const first = new Date(from);
  let year = first.getUTCFullYear();
  let month = Math.floor(first.getUTCMonth() / 3) * 3;
  for (;;) {
    const at = Date.UTC(year, month, 1);
    if (at >= to) return starts;
    if (at >= from) starts.push(at);
    month += 3;
    if (month === 12) {
      month = 0;
      year += 1;
    }
  }
}

/** An instant as ISO 8601 UTC with milliseconds. */
export function isoOf(at: number): string {
  return new Date(at).toISOString();
}
