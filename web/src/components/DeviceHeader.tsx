/**
 * The facts an analyst checks first: what the device is, which MPxN it
 * serves, who is responsible for it now and since when, and on what basis
 * the viewer sees it.
 */
import type {
  DeviceExplanation,
  ResponsibilityPeriod,
} from '../api/api-types.ts';
import { basisLabel } from '../format/status-format.ts';
import { formatDay, formatInterval } from '../format/time-format.ts';
import { Badge } from './Badge.tsx';

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
  const [basis, sentence] = basisLabel(explanation.viewer.basis);
  return (
    <div className="device-header">
      <dl className="facts">
        <dt>Device type</dt>
        <dd>{explanation.deviceType ?? 'not in the reference data'}</dd>
        <dt>SMETS</dt>
        <dd>
          {explanation.smets === null ? '—' : `SMETS${explanation.smets}`}
        </dd>
        <dt>MPxN</dt>
        <dd>
          {mpxns.length === 0
            ? 'none known now'
            : mpxns.map((row) => `${row.mpxn} (${row.fuel})`).join(', ')}
        </dd>
        <dt>You see it as</dt>
        <dd>
          <Badge
            tone={explanation.viewer.basis === 'own' ? 'muted' : 'info'}
            title={`${sentence}; ${formatInterval(explanation.viewer.interval)}`}
          >
            {basis}
          </Badge>
        </dd>
        <dt>Responsible Supplier</dt>
        <dd>
          <PartiesSince rows={suppliers} />
        </dd>
        <dt>Network Operator</dt>
        <dd>
          <PartiesSince rows={operators} />
          {operators.length > 0 &&
            explanation.networkOperatorSource === 'registration' && (
              <span className="muted"> (registered; no credential data)</span>
            )}
        </dd>
      </dl>
    </div>
  );
}

function PartiesSince({ rows }: { rows: readonly ResponsibilityPeriod[] }) {
  if (rows.length === 0) {
    return <span className="muted">none known, or not yours to see</span>;
  }
  return (
    <>
      {rows.map((row, index) => (
        <span key={`${row.partyId}-${row.mpxn ?? ''}-${row.from}`}>
          {index > 0 && '; '}
          <strong title={row.partyName ?? undefined}>{row.partyId}</strong>{' '}
          since {formatDay(row.from)}
          {row.mpxn !== null && <span className="muted"> ({row.mpxn})</span>}
        </span>
      ))}
    </>
  );
}
