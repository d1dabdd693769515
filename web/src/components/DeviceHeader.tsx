/**
 * The facts an analyst checks first: what the device is, which MPxN it
 * serves, who is responsible for it now and since when, and on what basis
 * the viewer sees it.
 */
import type { DeviceExplanation } from '../api/api-types.ts';
import { basisLabel } from '../format/status-format.ts';
import { formatDay } from '../format/time-format.ts';
import { Badge } from './Badge.tsx';

type Responsibility = DeviceExplanation['responsibility'][number];

/** The header of the device screen. */
export function DeviceHeader({
  explanation,
}: {
  explanation: DeviceExplanation;
}) {
  const current = explanation.responsibility.filter((row) => row.to === null);
  const suppliers = current.filter(
    (row) => row.role === 'responsible-supplier',
  );
  const operators = current.filter((row) => row.role === 'network-operator');
  const mpxns = explanation.meterPoints.filter((row) => row.to === null);
  const [basis] = basisLabel(explanation.viewer.basis);
  return (
    <div className="device-header">
      <dl className="facts">
        <dt>Device type</dt>
        <dd>{explanation.deviceType}</dd>
        <dt>SMETS</dt>
        <dd>SMETS{explanation.smets}</dd>
        <dt>MPxN</dt>
        <dd>{mpxns.map((row) => row.mpxn).join(', ') || 'none now'}</dd>
        <dt>You see it as</dt>
        <dd>
          <Badge tone="info">{basis}</Badge>
        </dd>
        <dt>Responsible Supplier</dt>
        <dd>
          <PartiesSince rows={suppliers} />
        </dd>
        <dt>Network Operator</dt>
        <dd>
          <PartiesSince rows={operators} />
        </dd>
      </dl>
    </div>
  );
}

function PartiesSince({ rows }: { rows: readonly Responsibility[] }) {
  if (rows.length === 0) return <span className="muted">none known</span>;
  return (
    <>
      {rows.map((row, index) => (
        <span key={`${row.partyId}-${row.mpxn ?? ''}`}>
          {index > 0 && '; '}
          <strong>{row.partyId}</strong> since {formatDay(row.from)}
          {row.mpxn !== null && <span className="muted"> ({row.mpxn})</span>}
        </span>
      ))}
    </>
  );
}
