/**
 * "Why can I see this?": the rule that grants the viewer this device, and
 * the device's responsibility history as far as the viewer may see it
 * (PRODUCT.md §3 and §5, responsibility history).
 */
import type { DeviceExplanation } from '../api/api-types.ts';
import { basisLabel } from '../format/status-format.ts';
import { formatDay, formatInterval } from '../format/time-format.ts';
import { useSession } from '../session/session-context.ts';
import { EmptyState } from './LoadState.tsx';

/** The explanation and the history table. */
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
      <ResponsibilityTable explanation={explanation} own={session.partyId} />
      <h2>Meter points</h2>
      <MeterPointTable explanation={explanation} />
    </section>
  );
}

function ResponsibilityTable({
  explanation,
  own,
}: {
  explanation: DeviceExplanation;
  own: string;
}) {
  const rows = [...explanation.responsibility].sort((a, b) =>
    a.from < b.from ? 1 : -1,
  );
  if (rows.length === 0) {
    return <EmptyState title="No responsibility is recorded for it." />;
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
          <th scope="col">MPxN</th>
          <th scope="col">From (UTC)</th>
          <th scope="col">To (UTC)</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row, index) => (
          <tr key={index}>
            <td>{basisLabel(row.role)[0]}</td>
            <td>
              <span
                className={
                  row.partyId === own ? 'sender-party own' : 'sender-party'
                }
              >
                {row.partyId}
              </span>
            </td>
            <td>{row.mpxn ?? '—'}</td>
            <td>{formatDay(row.from)}</td>
            <td>{formatDay(row.to)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function MeterPointTable({ explanation }: { explanation: DeviceExplanation }) {
  if (explanation.meterPoints.length === 0) {
    return <EmptyState title="It serves no MPxN on record." />;
  }
  return (
    <table className="records">
      <thead>
        <tr>
          <th scope="col">MPxN</th>
          <th scope="col">Through meter</th>
          <th scope="col">From (UTC)</th>
          <th scope="col">To (UTC)</th>
        </tr>
      </thead>
      <tbody>
        {explanation.meterPoints.map((row) => (
          <tr key={`${row.mpxn}-${row.from}`}>
            <td>{row.mpxn}</td>
            <td>
              <code className="eui">{row.meterId}</code>
            </td>
            <td>{formatDay(row.from)}</td>
            <td>{formatDay(row.to)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
