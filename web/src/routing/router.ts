/**
 * A small History API router: the server answers index.html for every
 * non-API path, so each screen has a real, shareable URL, and the back
 * button works without a routing library.
 */
import { useSyncExternalStore } from 'react';

const CHANGE_EVENT = 'satview:navigate';

/** The current path and query. */
export interface AppLocation {
  readonly path: string;
  readonly query: URLSearchParams;
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange);
  window.addEventListener(CHANGE_EVENT, onChange);
  return () => {
    window.removeEventListener('popstate', onChange);
    window.removeEventListener(CHANGE_EVENT, onChange);
  };
}

function snapshot(): string {
  return window.location.pathname + window.location.search;
}

/** The location, re-rendering the caller when it changes. */
export function useLocation(): AppLocation {
  const href = useSyncExternalStore(subscribe, snapshot);
  const url = new URL(href, window.location.origin);
  return { path: url.pathname, query: url.searchParams };
}

/** Goes to a same-origin URL without reloading the page. */
export function navigate(to: string, options: { replace?: boolean } = {}) {
  if (to === snapshot()) return;
  if (options.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  window.scrollTo(0, 0);
  window.dispatchEvent(new Event(CHANGE_EVENT));
}

/**
 * Matches a path against a pattern such as `/devices/:deviceId/pending`;
 * answers the decoded parameters, or null.
 */
export function matchRoute(
  pattern: string,
  path: string,
): Record<string, string> | null {
  const wanted = pattern.split('/');
  const actual = path.replace(/\/+$/, '').split('/');
  if (wanted.length !== actual.length) return null;
  const params: Record<string, string> = {};
  for (const [index, part] of wanted.entries()) {
    const value = actual[index] ?? '';
    if (part.startsWith(':')) {
      if (value === '') return null;
      params[part.slice(1)] = decodeURIComponent(value);
    } else if (part !== value) {
      return null;
    }
  }
  return params;
}

/** Builds a path with its parameters encoded and a query string. */
export function pathTo(
  path: string,
  query: Readonly<Record<string, string | undefined>> = {},
): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') search.set(name, value);
  }
  const text = search.toString();
  return text === '' ? path : `${path}?${text}`;
}
