/**
 * The portfolio feed: what other parties sent lately to the devices the
 * viewer's party is responsible for, filterable, exportable and charted.
 */
import { apiUrl } from '../api/api-client.ts';
import type { RecordView } from '../api/api-types.ts';
import { RECORDS_PER_PAGE, usePagedList } from '../api/use-api.ts';
import { ExportLinks } from '../components/ExportLinks.tsx';
import { ListFooter } from '../components/ListFooter.tsx';
import { EmptyState, ErrorPanel, Loading } from '../components/LoadState.tsx';
import {
  RecordFilters,
  filtersFromQuery,
} from '../components/RecordFilters.tsx';
import { RecordTable } from '../components/RecordTable.tsx';
import { StatsPanel } from '../components/StatsPanel.tsx';
import { navigate, pathTo } from '../routing/router.ts';
import { useSession } from '../session/session-context.ts';

/** The feed screen; its filters are the URL's query. */
export function FeedScreen({ query }: { query: URLSearchParams }) {
  const { session } = useSession();
  const filters = filtersFromQuery(query);
  const list = usePagedList<RecordView>(
    apiUrl('/api/feed', { ...filters, limit: RECORDS_PER_PAGE }),
  );
  const newest = list.items[0]?.loggedAt ?? null;

  return (
    <div className="screen">
      <h1>Feed</h1>
      <p className="lede">
        Records that other parties sent to the devices{' '}
        <strong>{session.partyId}</strong> is responsible for now, newest first.
      </p>
      <RecordFilters
        key={query.toString()}
        query={query}
        onApply={(next) => navigate(pathTo('/feed', next))}
      />
      <ExportLinks base="/api/feed" params={filters} what="the feed" />
      {list.status === 'loading' && <Loading label="Loading the feed" />}
      {list.status === 'error' && list.error !== null && (
        <ErrorPanel error={list.error} onRetry={list.reload} />
      )}
      {list.status === 'ready' && list.items.length === 0 && (
        <EmptyState title="No other party sent anything in this window.">
          <p>
            Widen the time range or clear the filters. The feed only covers
            devices your party is responsible for now.
          </p>
        </EmptyState>
      )}
      {list.status === 'ready' && (
        <StatsPanel endAt={newest} title="SRV volume on your devices" />
      )}
      {list.status === 'ready' && list.items.length > 0 && (
        <>
          <h2 className="visually-hidden">Records, newest first</h2>
          <RecordTable
            records={list.items}
            ownParty={session.partyId}
            caption="Feed: records other parties sent to your devices"
            showDevice
          />
          <ListFooter list={list} noun="records" />
        </>
      )}
    </div>
  );
}
