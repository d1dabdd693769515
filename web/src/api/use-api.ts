/**
 * React hooks that load API data and expose its loading, ready and error
 * states, cancelling a fetch that a newer one supersedes.
 */
import { useCallback, useEffect, useRef, useState } from 'react';

import { ApiError, getJson, isAbort } from './api-client.ts';

/** What a screen knows about one piece of API data. */
export type Loadable<T> =
  | { readonly status: 'loading' }
  | { readonly status: 'ready'; readonly data: T }
  | { readonly status: 'error'; readonly error: ApiError };

/** Turns anything thrown into an ApiError the error panel can explain. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new ApiError(0, 'CLIENT', message);
}

/** Loads `url` (null: nothing to load yet); `reload` fetches it again.
 * Data of a previous URL is never answered for a new one: until the new
 * answer arrives the state is loading. */
export function useApi<T>(
  url: string | null,
): Loadable<T> & { reload: () => void } {
  const [held, setHeld] = useState<{ url: string; state: Loadable<T> }>();
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (url === null) return;
    const controller = new AbortController();
    const settle = (state: Loadable<T>) => setHeld({ url, state });
    settle({ status: 'loading' });
    getJson<T>(url, controller.signal).then(
      (data) => settle({ status: 'ready', data }),
      (error: unknown) => {
        if (!isAbort(error))
          settle({ status: 'error', error: toApiError(error) });
      },
    );
    return () => controller.abort();
  }, [url, attempt]);

  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  const state: Loadable<T> =
    held !== undefined && held.url === url ? held.state : { status: 'loading' };
  return { ...state, reload };
}

/** Rows per page of a record list: a screenful or two; "Load more"
 * fetches the next. */
export const RECORDS_PER_PAGE = '50';

/** Pages of a list answered as `{records, nextCursor}`. */
export interface PagedList<R> {
  readonly items: readonly R[];
  readonly status: 'loading' | 'ready' | 'error';
  readonly error: ApiError | null;
  readonly hasMore: boolean;
  /** True while "Load more" or "Load all" fetches. */
  readonly fetchingMore: boolean;
  /** Set while "Load all" runs: how many items are loaded so far. */
  readonly loadingAll: boolean;
  readonly loadMore: () => void;
  readonly loadAll: () => void;
  readonly cancel: () => void;
  readonly reload: () => void;
}

/** A page as the API answers it: the items under `records` (record
 * lists) or `entries` (the access log), and the next cursor. */
type Page<R> = {
  readonly [field in PageField]?: readonly R[];
} & { readonly nextCursor: string | null };

/** Where a page keeps its items. */
export type PageField = 'records' | 'entries';

/**
 * Loads the first page of `url` and further pages on demand by passing
 * `cursor`. "Load all" keeps paging until the end or until cancelled.
 */
export function usePagedList<R>(
  url: string | null,
  field: PageField = 'records',
): PagedList<R> {
  const [items, setItems] = useState<readonly R[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [status, setStatus] = useState<PagedList<R>['status']>('loading');
  const [error, setError] = useState<ApiError | null>(null);
  const [fetchingMore, setFetchingMore] = useState(false);
  const [loadingAll, setLoadingAll] = useState(false);
  const [attempt, setAttempt] = useState(0);
  // The URL the items belong to: a new URL shows as loading at once.
  const [shownUrl, setShownUrl] = useState<string | null>(null);
  const controllerRef = useRef<AbortController | null>(null);

  useEffect(() => {
    if (url === null) return;
    // Also stops a "Load more" of the previous URL appending to this one.
    controllerRef.current?.abort();
    const controller = new AbortController();
    controllerRef.current = controller;
    setStatus('loading');
    setFetchingMore(false);
    setLoadingAll(false);
    getJson<Page<R>>(url, controller.signal).then(
      (page) => {
        setItems(page[field] ?? []);
        setCursor(page.nextCursor);
        setError(null);
        setStatus('ready');
        setShownUrl(url);
      },
      (failure: unknown) => {
        if (isAbort(failure)) return;
        setError(toApiError(failure));
        setStatus('error');
        setShownUrl(url);
      },
    );
    return () => controller.abort();
  }, [url, field, attempt]);

  const fetchFrom = useCallback(
    async (start: string, all: boolean) => {
      if (url === null) return;
      const controller = new AbortController();
      controllerRef.current = controller;
      setFetchingMore(true);
      setLoadingAll(all);
      let next: string | null = start;
      try {
        do {
          const page: Page<R> = await getJson<Page<R>>(
            withCursor(url, next),
            controller.signal,
          );
          setItems((before) => [...before, ...(page[field] ?? [])]);
          next = page.nextCursor;
          setCursor(next);
        } while (all && next !== null);
      } catch (failure) {
        if (!isAbort(failure)) setError(toApiError(failure));
      } finally {
        if (controllerRef.current === controller) {
          setFetchingMore(false);
          setLoadingAll(false);
        }
      }
    },
    [url, field],
  );

  const current = shownUrl === url;
  return {
    items: current ? items : [],
    status: current ? status : 'loading',
    error: current ? error : null,
    hasMore: current && cursor !== null,
    fetchingMore,
    loadingAll,
    loadMore: () => {
      if (cursor !== null && !fetchingMore) void fetchFrom(cursor, false);
    },
    loadAll: () => {
      if (cursor !== null && !fetchingMore) void fetchFrom(cursor, true);
    },
    cancel: () => controllerRef.current?.abort(),
    reload: () => setAttempt((n) => n + 1),
  };
}

function withCursor(url: string, cursor: string): string {
  const separator = url.includes('?') ? '&' : '?';
  return `${url}${separator}cursor=${encodeURIComponent(cursor)}`;
}
