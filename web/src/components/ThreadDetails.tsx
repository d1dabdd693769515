/**
 * One Request thread: its derived status and, in time order, each record
 * with its time, outcome and payload.
 */
import type { RecordView, ThreadView } from '../api/api-types.ts';
import { kindLabel, threadStatusLabel } from '../format/status-format.ts';
import { formatTime } from '../format/time-format.ts';
import { Link } from '../routing/Link.tsx';
import { deviceHref } from '../routing/app-paths.ts';
import { Badge } from './Badge.tsx';
import { ExportLinks } from './ExportLinks.tsx';
import { PayloadView } from './PayloadView.tsx';
import { OutcomeCell, PayloadStateCell } from './RecordCells.tsx';
import { SenderCell } from './SenderCell.tsx';

/** The thread's summary, then its records as a timeline table. */
export function ThreadDetails({
  thread,
  ownParty,
}: {
  thread: ThreadView;
  ownParty: string;
}) {
  const exportBase = `/api/requests/${encodeURIComponent(thread.requestId)}`;
  return (
    <div className="thread">
      <ThreadSummary thread={thread} ownParty={ownParty} />
      <table className="records thread-records">
        <caption className="visually-hidden">
          Records of Request {thread.requestId}, oldest first
        </caption>
        <thead>
          <tr>
            <th scope="col">Logged (UTC)</th>
            <th scope="col">Kind</th>
            <th scope="col">CV</th>
            <th scope="col">DCC User</th>
            <th scope="col">Outcome</th>
            <th scope="col">Payload</th>
          </tr>
        </thead>
        <tbody>
          {thread.records.map((record) => (
            <ThreadRecordRow
              key={record.id}
              record={record}
              ownParty={ownParty}
            />
          ))}
        </tbody>
      </table>
      <ExportLinks base={exportBase} what="this thread" />
    </div>
  );
}

function ThreadSummary({
  thread,
  ownParty,
}: {
  thread: ThreadView;
  ownParty: string;
}) {
  const [label, tone] = threadStatusLabel(thread.status);
  return (
    <dl className="facts thread-summary">
      <dt>Status</dt>
      <dd>
        <Badge tone={tone}>{label}</Badge>
      </dd>
      <dt>SRV</dt>
      <dd>
        <strong>{thread.srv ?? '—'}</strong> {thread.srvName ?? ''}
      </dd>
      <dt>Sent by</dt>
      <dd>
        <SenderCell sender={thread.sender} ownParty={ownParty} />
      </dd>
      <dt>Device</dt>
      <dd>
        {thread.deviceId === null ? (
          '—'
        ) : (
          <Link href={deviceHref(thread.deviceId)} className="eui">
            {thread.deviceId}
          </Link>
        )}
      </dd>
      {thread.executionAt !== null && (
        <>
          <dt>Executes (UTC)</dt>
          <dd>{formatTime(thread.executionAt)}</dd>
        </>
      )}
    </dl>
  );
}

function ThreadRecordRow({
  record,
  ownParty,
}: {
  record: RecordView;
  ownParty: string;
}) {
  return (
    <tr>
      <td className="nowrap">{formatTime(record.loggedAt)}</td>
      <td>{kindLabel(record.kind)}</td>
      <td>{record.commandVariant ?? '—'}</td>
      <td>
        <SenderCell sender={record.sender} ownParty={ownParty} />
      </td>
      <td>
        <OutcomeCell record={record} />
      </td>
      <td className="payload-cell">
        <details>
          <summary>
            <PayloadStateCell record={record} />
          </summary>
          <PayloadView payload={record.payload} withheld={record.withheld} />
        </details>
      </td>
    </tr>
  );
}
