/**
 * A device's records, newest first, with filters from the URL, paging,
 * exports and the device's SRV volume chart.
 */
import { apiUrl } from '../api/api-client.ts';
import type { RecordView } from '../api/api-types.ts';
import { RECORDS_PER_PAGE, usePagedList } from '../api/use-api.ts';
import { deviceHref } from '../routing/app-paths.ts';
import { navigate, pathTo } from '../routing/router.ts';
import { ExportLinks } from './ExportLinks.tsx';
import { ListFooter } from './ListFooter.tsx';
import { EmptyState, ErrorPanel, Loading } from './LoadState.tsx';
import { RecordFilters, filtersFromQuery } from './RecordFilters.tsx';
import { RecordTable } from './RecordTable.tsx';
import { StatsPanel } from './StatsPanel.tsx';

/** The records tab of the device screen. */
export function DeviceRecords({
  deviceId,
  query,
  ownParty,
}: {
  deviceId: string;
  query: URLSearchParams;
  ownParty: string;
}) {
  const filters = filtersFromQuery(query);
  const base = `/api/devices/${encodeURIComponent(deviceId)}/records`;
  const list = usePagedList<RecordView>(
    apiUrl(base, { ...filters, limit: RECORDS_PER_PAGE }),
  );
  const filtered = Object.keys(filters).length > 0;

  return (
    <section aria-label="Records">
      <RecordFilters
        key={query.toString()}
        query={query}
        onApply={(next) => navigate(pathTo(deviceHref(deviceId), next))}
      />
      <ExportLinks base={base} params={filters} what="these records" />
      {list.status === 'loading' && <Loading label="Loading records" />}
      {list.status === 'error' && list.error !== null && (
        <ErrorPanel error={list.error} onRetry={list.reload} />
      )}
      {list.status === 'ready' && list.items.length === 0 && (
        <EmptyState title="No record matches.">
          <p>
            {filtered
              ? 'Clear or widen the filters above.'
              : 'Nothing was sent to this device in the retained history.'}
          </p>
        </EmptyState>
      )}
      {list.status === 'ready' && (
        <StatsPanel
          deviceId={deviceId}
          endAt={list.items[0]?.loggedAt ?? null}
          title="SRV volume on this device"
        />
      )}
      {list.status === 'ready' && list.items.length > 0 && (
        <>
          <h2 className="visually-hidden">Records, newest first</h2>
          <RecordTable
            records={list.items}
            ownParty={ownParty}
            caption={`Records of device ${deviceId}, newest first`}
          />
          <ListFooter list={list} noun="records" />
        </>
      )}
    </section>
  );
}
