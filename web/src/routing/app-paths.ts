/**
 * The UI's URLs, in one place, so that links and routes agree. Device IDs
 * and Request IDs are kept in DUIS form in the path, percent-encoded.
 */
import { pathTo } from './router.ts';

/** The device screen, optionally on one tab. */
export function deviceHref(
  deviceId: string,
  tab?: 'pending' | 'installation' | 'why',
): string {
  const base = `/devices/${encodeURIComponent(deviceId)}`;
  return tab === undefined ? base : `${base}/${tab}`;
}

/** The screen of one Request thread. */
export function requestHref(requestId: string): string {
  return `/requests/${encodeURIComponent(requestId)}`;
}

/** The search screen with a query. */
export function searchHref(q: string): string {
  return pathTo('/search', { q });
}
