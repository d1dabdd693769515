/**
 * "Why can I see this?": the rule that grants the viewer this device, and
 * the device's responsibility history as far as the viewer may see it
 * (PRODUCT.md §3 and §5, responsibility history).
 */
import type {
  DeviceExplanation,
  ResponsibilityPeriod,
} from '../api/api-types.ts';
import { basisLabel } from '../format/status-format.ts';
import { formatDay, formatInterval } from '../format/time-format.ts';
import { useSession } from '../session/session-context.ts';
import { EmptyState } from './LoadState.tsx';

/** The explanation and the history tables. */
export function WhyPanel({ explanation }: { explanation: DeviceExplanation }) {
  const { session } = useSession();
  const [label, sentence] = basisLabel(explanation.viewer.basis);
  return (
    <section aria-labelledby="why-heading">
      <h2 id="why-heading">Why you can see this device</h2>
      <div className="why-record">
        <p>
          <strong>{label}</strong>: {sentence}
          {explanation.viewer.interval !== null &&
            ` (granted for ${formatInterval(explanation.viewer.interval)})`}
          .
        </p>
        {explanation.viewer.explanation !== '' && (
          <p>{explanation.viewer.explanation}</p>
        )}
      </div>
      <p className="muted">
        A Responsible Supplier or Network Operator sees every record on the
        device, over its whole history, with other parties&apos; confidential
        payload withheld. Every party always sees its own traffic in full.
      </p>
      <h2>Responsibility history</h2>
      <ResponsibilityTable
        rows={explanation.responsibility}
        own={session.partyId}
      />
      <h2>Meter points</h2>
      <MeterPointTable explanation={explanation} />
    </section>
  );
}

function ResponsibilityTable({
  rows,
  own,
}: {
  rows: readonly ResponsibilityPeriod[];
  own: string;
}) {
  const sorted = [...rows].sort((a, b) => (a.from < b.from ? 1 : -1));
  if (sorted.length === 0) {
    return (
      <EmptyState title="No responsibility period is yours to see.">
        <p>You see this device through your own traffic only.</p>
      </EmptyState>
    );
  }
  return (
    <table className="records">
      <caption className="visually-hidden">
        Who was Responsible Supplier and Network Operator when, newest first
      </caption>
      <thead>
        <tr>
          <th scope="col">Role</th>
          <th scope="col">Party</th>
          <th scope="col">Granted by</th>
          <th scope="col">From (UTC)</th>
          <th scope="col">To (UTC)</th>
        </tr>
      </thead>
      <tbody>
        {sorted.map((row, index) => (
          <tr key={index}>
            <td>{basisLabel(row.role)[0]}</td>
            <td>
              <span
                className={
                  row.partyId === own ? 'sender-party own' : 'sender-party'
                }
              >
                {row.partyId}
              </span>{' '}
              <span className="muted">{row.partyName ?? ''}</span>
            </td>
            <td>{grantSource(row)}</td>
            <td>{formatDay(row.from)}</td>
            <td>{formatDay(row.to)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** "IS registration for MPAN …, through the HAN link to meter …". */
function grantSource(row: ResponsibilityPeriod): string {
  const what =
    row.source === 'credential'
      ? 'the network-operator credential on the device'
      : `${row.registeredRole ?? ''} registration for ${row.mpxn ?? 'its MPxN'}`;
  const via =
    row.viaHanLink && row.meterId !== null
      ? `, through its HAN link to meter ${row.meterId}`
      : '';
  return `${what.trim()}${via}`;
}

function MeterPointTable({ explanation }: { explanation: DeviceExplanation }) {
  if (explanation.meterPoints.length === 0) {
    return <EmptyState title="No MPxN is yours to see for this device." />;
  }
  return (
    <table className="records">
      <caption className="visually-hidden">
        The MPxNs this device serves and when
      </caption>
      <thead>
        <tr>
          <th scope="col">MPxN</th>
          <th scope="col">Fuel</th>
          <th scope="col">Served by meter</th>
          <th scope="col">From (UTC)</th>
          <th scope="col">To (UTC)</th>
        </tr>
      </thead>
      <tbody>
        {explanation.meterPoints.map((row) => (
          <tr key={`${row.mpxn}-${row.meterId}-${row.from}`}>
            <td>{row.mpxn}</td>
            <td>{row.fuel}</td>
            <td>
              <code className="eui">{row.meterId}</code>
              {row.viaHanLink && <span className="muted"> (HAN link)</span>}
            </td>
            <td>{formatDay(row.from)}</td>
            <td>{formatDay(row.to)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
