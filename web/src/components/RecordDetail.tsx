/**
 * The opened row of a record list: the record's fields and payload, why
 * the viewer can see it, and its Request thread.
 */
import type { RecordView } from '../api/api-types.ts';
import { basisLabel } from '../format/status-format.ts';
import { formatInterval, formatTime } from '../format/time-format.ts';
import { Link } from '../routing/Link.tsx';
import { requestHref } from '../routing/app-paths.ts';
import { PayloadView } from './PayloadView.tsx';
import { ThreadPanel } from './ThreadPanel.tsx';

/** Everything about one record, then its thread. */
export function RecordDetail({
  record,
  ownParty,
}: {
  record: RecordView;
  ownParty: string;
}) {
  return (
    <div className="record-detail">
      <section className="detail-part" aria-label="This record">
        <h3 className="detail-heading">This record</h3>
        <RecordFacts record={record} />
        <WhyRecord record={record} />
        <h4 className="detail-subheading">Payload</h4>
        <PayloadView payload={record.payload} withheld={record.withheld} />
      </section>
      {record.requestId !== null && (
        <section className="detail-part" aria-label="Request thread">
          <h3 className="detail-heading">Request thread</h3>
          <ThreadPanel requestId={record.requestId} ownParty={ownParty} />
        </section>
      )}
    </div>
  );
}

function RecordFacts({ record }: { record: RecordView }) {
  return (
    <dl className="facts">
      <dt>Request ID</dt>
      <dd>
        {record.requestId === null ? (
          '—'
        ) : (
          <Link href={requestHref(record.requestId)} className="eui">
            {record.requestId}
          </Link>
        )}
      </dd>
      {record.responseId !== null && (
        <>
          <dt>Response ID</dt>
          <dd className="eui">{record.responseId}</dd>
        </>
      )}
      <dt>Service Reference</dt>
      <dd>{record.serviceReference ?? '—'}</dd>
      <dt>Logged (UTC)</dt>
      <dd>
        {formatTime(record.loggedAt)}{' '}
        <span className="muted">(from {record.loggedAtSource})</span>
      </dd>
      {record.responseAt !== null && (
        <>
          <dt>Response time (UTC)</dt>
          <dd>{formatTime(record.responseAt)}</dd>
        </>
      )}
    </dl>
  );
}

/** "Why can I see this": the basis and the interval that grants it. */
export function WhyRecord({ record }: { record: RecordView }) {
  const [label, sentence] = basisLabel(record.visibility.basis);
  return (
    <p className="why-record">
      <strong>Why you can see this:</strong> {label} — {sentence}
      {record.visibility.interval !== null && (
        <> (granted for {formatInterval(record.visibility.interval)})</>
      )}
      .
    </p>
  );
}
