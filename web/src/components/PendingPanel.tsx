/**
 * Future-dated commands still to execute on a device, with who sent them:
 * what a gaining supplier most needs on the day of the switch.
 */
import { Fragment, useState } from 'react';

import type { ThreadView } from '../api/api-types.ts';
import { useApi } from '../api/use-api.ts';
import { threadStatusLabel } from '../format/status-format.ts';
import { formatRelative, formatTime } from '../format/time-format.ts';
import { Badge } from './Badge.tsx';
import { EmptyState, ErrorPanel, Loading } from './LoadState.tsx';
import { SenderCell } from './SenderCell.tsx';
import { ThreadDetails } from './ThreadDetails.tsx';

/** Loads the pending commands of one device. */
export function usePendingCommands(deviceId: string) {
  return useApi<readonly ThreadView[]>(
    `/api/devices/${encodeURIComponent(deviceId)}/pending`,
  );
}

/** Lists the pending commands of one device. */
export function PendingPanel({
  pending,
  ownParty,
}: {
  pending: ReturnType<typeof usePendingCommands>;
  ownParty: string;
}) {
  if (pending.status === 'loading') {
    return <Loading label="Loading pending commands" />;
  }
  if (pending.status === 'error') {
    return <ErrorPanel error={pending.error} onRetry={pending.reload} />;
  }
  if (pending.data.length === 0) {
    return (
      <EmptyState title="No future-dated command is waiting on this device.">
        <p>
          Commands appear here from the moment they are accepted until the
          device reports that it executed them.
        </p>
      </EmptyState>
    );
  }
  return <PendingTable threads={pending.data} ownParty={ownParty} />;
}

function PendingTable({
  threads,
  ownParty,
}: {
  threads: readonly ThreadView[];
  ownParty: string;
}) {
  const [open, setOpen] = useState<string | null>(null);
  const sorted = [...threads].sort((a, b) =>
    (a.executionAt ?? '') < (b.executionAt ?? '') ? -1 : 1,
  );
  return (
    <div className="table-scroll">
      <table className="records pending">
        <caption className="visually-hidden">
          Pending future-dated commands, soonest first
        </caption>
        <thead>
          <tr>
            <th scope="col">
              <span className="visually-hidden">Details</span>
            </th>
            <th scope="col">Executes (UTC)</th>
            <th scope="col">SRV</th>
            <th scope="col">Sent by</th>
            <th scope="col">Status</th>
            <th scope="col">Request ID</th>
          </tr>
        </thead>
        <tbody>
          {sorted.map((thread) => (
            <Fragment key={thread.requestId}>
              <PendingRow
                thread={thread}
                ownParty={ownParty}
                expanded={open === thread.requestId}
                onToggle={() =>
                  setOpen(open === thread.requestId ? null : thread.requestId)
                }
              />
              {open === thread.requestId && (
                <tr className="detail-row" id={rowId(thread)}>
                  <td colSpan={6}>
                    <ThreadDetails thread={thread} ownParty={ownParty} />
                  </td>
                </tr>
              )}
            </Fragment>
          ))}
        </tbody>
      </table>
    </div>
  );
}

interface PendingRowProps {
  readonly thread: ThreadView;
  readonly ownParty: string;
  readonly expanded: boolean;
  readonly onToggle: () => void;
}

function PendingRow({ thread, ownParty, expanded, onToggle }: PendingRowProps) {
  const [label, tone] = threadStatusLabel(thread.status);
  const other =
    thread.sender.partyId !== null && thread.sender.partyId !== ownParty;
  return (
    <tr className={other ? 'record other-party' : 'record'}>
      <td>
        <button
          type="button"
          className="expander"
          aria-expanded={expanded}
          aria-controls={rowId(thread)}
          onClick={onToggle}
        >
          <span aria-hidden="true">{expanded ? '▾' : '▸'}</span>
          <span className="visually-hidden">
            {expanded ? 'Hide' : 'Show'} thread {thread.requestId}
          </span>
        </button>
      </td>
      <td className="nowrap">
        {formatTime(thread.executionAt)}
        {thread.executionAt !== null && (
          <span className="muted">
            {' '}
            ({formatRelative(thread.executionAt, Date.now())})
          </span>
        )}
      </td>
      <td>
        <strong>{thread.srv ?? '—'}</strong>
        <br />
        <span className="srv-name">{thread.srvName ?? ''}</span>
      </td>
      <td>
        <SenderCell sender={thread.sender} ownParty={ownParty} />
      </td>
      <td>
        <Badge tone={tone}>{label}</Badge>
      </td>
      <td>
        <code className="eui small">{thread.requestId}</code>
      </td>
    </tr>
  );
}

function rowId(thread: ThreadView): string {
  return `pending-${thread.requestId.replace(/[^0-9A-Za-z]/g, '')}`;
}
