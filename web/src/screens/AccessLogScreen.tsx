/**
 * Who looked at my traffic: every time another party was shown records
 * that the viewer's party sent (PRODUCT.md §5, access log).
 */
import type { AccessLogEntry } from '../api/api-types.ts';
import { usePagedList } from '../api/use-api.ts';
import { ListFooter } from '../components/ListFooter.tsx';
import { EmptyState, ErrorPanel, Loading } from '../components/LoadState.tsx';
import { formatTime } from '../format/time-format.ts';
import { useSession } from '../session/session-context.ts';

/** The access log of the viewer's party, newest first. */
export function AccessLogScreen() {
  const { session } = useSession();
  const list = usePagedList<AccessLogEntry>('/api/access-log', 'entries');
  return (
    <div className="screen">
      <h1>Access log</h1>
      <p className="lede">
        Every time another party was shown records that{' '}
        <strong>{session.partyId}</strong> sent, newest first.
      </p>
      {list.status === 'loading' && <Loading label="Loading the access log" />}
      {list.status === 'error' && list.error !== null && (
        <ErrorPanel error={list.error} onRetry={list.reload} />
      )}
      {list.status === 'ready' && list.items.length === 0 && (
        <EmptyState title="No other party has looked at your traffic yet.">
          <p>
            Entries appear when a Responsible Supplier or Network Operator opens
            a device your party sent Service Requests to.
          </p>
        </EmptyState>
      )}
      {list.status === 'ready' && list.items.length > 0 && (
        <>
          <AccessLogTable entries={list.items} />
          <ListFooter list={list} noun="entries" />
        </>
      )}
    </div>
  );
}

function AccessLogTable({ entries }: { entries: readonly AccessLogEntry[] }) {
  return (
    <div className="table-scroll">
      <table className="records">
        <caption className="visually-hidden">
          Views of your party&apos;s records by other parties
        </caption>
        <thead>
          <tr>
            <th scope="col">Viewed (UTC)</th>
            <th scope="col">Party</th>
            <th scope="col">Who</th>
            <th scope="col">Through</th>
            <th scope="col">Records</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry, index) => (
            <tr key={index}>
              <td className="nowrap">{formatTime(entry.viewedAt)}</td>
              <td>
                <strong>{entry.viewerPartyId}</strong>
              </td>
              <td>
                {entry.via === 'token' ? 'a program (API token)' : 'a person'}
              </td>
              <td>
                <code>{entry.route}</code>
              </td>
              <td>
                <RecordIds ids={entry.recordIds} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const SHOWN_IDS = 8;

function RecordIds({ ids }: { ids: readonly number[] }) {
  const shown = ids.slice(0, SHOWN_IDS).join(', ');
  const more = ids.length - SHOWN_IDS;
  return (
    <span title={ids.join(', ')}>
      {ids.length} ({shown}
      {more > 0 ? `, +${more} more` : ''})
    </span>
  );
}
