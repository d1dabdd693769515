/**
 * Times as analysts read them: every time in UTC (the SAT logs in UTC, and
 * a Change of Supplier happens at a UTC midnight), to the second.
 */

/** `2025-03-14 09:12:03` from an ISO 8601 string; '—' for null. */
export function formatTime(iso: string | null | undefined): string {
  if (iso === null || iso === undefined) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toISOString().slice(0, 19).replace('T', ' ');
}

/** `2025-03-14` from an ISO 8601 string; 'now' for null (an open end). */
export function formatDay(iso: string | null | undefined): string {
  if (iso === null || iso === undefined) return 'now';
  return formatTime(iso).slice(0, 10);
}

/** A half-open interval as `2024-01-01 → now`. */
export function formatInterval(
  interval: { readonly from: string; readonly to: string | null } | null,
): string {
  if (interval === null) return 'always (own traffic)';
  return `${formatDay(interval.from)} → ${formatDay(interval.to)}`;
}

const UNITS: readonly [string, number][] = [
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['min', 60_000],
];

/** `in 3 d` / `2 h ago` from an ISO time, relative to `now` (epoch ms). */
export function formatRelative(iso: string, now: number): string {
  const delta = new Date(iso).getTime() - now;
  const size = Math.abs(delta);
  const [unit, length] = UNITS.find(([, ms]) => size >= ms) ?? ['min', 60_000];
  const amount = Math.max(1, Math.round(size / length));
  return delta >= 0 ? `in ${amount} ${unit}` : `${amount} ${unit} ago`;
}

/** The value of a `datetime-local` input, read as UTC, as ISO 8601. */
export function isoFromInput(value: string): string | undefined {
  if (value === '') return undefined;
  const date = new Date(`${value}Z`);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** An ISO time as the value of a `datetime-local` input (UTC). */
export function inputFromIso(iso: string | null): string {
  if (iso === null || iso === '') return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return date.toISOString().slice(0, 16);
}
