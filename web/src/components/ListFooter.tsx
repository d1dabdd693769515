/**
 * The end of a paged list: how many are shown, "Load more", and "Load all"
 * with live progress and a Cancel button, since a busy device can have
 * thousands of records.
 */
import type { PagedList } from '../api/use-api.ts';
import { ErrorPanel } from './LoadState.tsx';

/** Paging controls and progress for a list. */
export function ListFooter<R>({
  list,
  noun,
}: {
  list: PagedList<R>;
  noun: string;
}) {
  const count = list.items.length;
  return (
    <div className="list-footer">
      <p role="status" aria-live="polite" className="list-count">
        {list.loadingAll
          ? `Loading all ${noun}: ${count} so far…`
          : `${count} ${noun} shown${list.hasMore ? '; more available' : ''}.`}
      </p>
      {list.loadingAll && <progress aria-label={`Loading ${noun}`} />}
      {list.hasMore && !list.fetchingMore && (
        <>
          <button type="button" onClick={list.loadMore}>
            Load more
          </button>{' '}
          <button type="button" onClick={list.loadAll}>
            Load all
          </button>
        </>
      )}
      {list.fetchingMore && !list.loadingAll && (
        <p className="loading">Loading more {noun}…</p>
      )}
      {list.fetchingMore && (
        <button type="button" onClick={list.cancel}>
          Cancel
        </button>
      )}
      {list.error !== null && list.status === 'ready' && (
        <ErrorPanel error={list.error} onRetry={list.loadMore} />
      )}
    </div>
  );
}
