/**
 * Table cells shared by every list of records: outcome codes, SRVs, the
 * payload state and the visibility basis.
 */
import type { RecordView } from '../api/api-types.ts';
import { basisLabel, codeTone, kindLabel } from '../format/status-format.ts';
import { formatInterval } from '../format/time-format.ts';
import { Badge } from './Badge.tsx';

/** The SRV variant with its name, and the Command Variant. */
export function SrvCell({ record }: { record: RecordView }) {
  if (record.srv === null) {
    return <span className="muted">{kindLabel(record.kind)}</span>;
  }
  return (
    <span className="srv">
      <strong>{record.srv}</strong>
      {record.commandVariant !== null && (
        <span className="cv" title="Command Variant">
          {' '}
          CV{record.commandVariant}
        </span>
      )}
      <br />
      <span className="srv-name">{record.srvName ?? ''}</span>
    </span>
  );
}

/** The response code and alert code, coloured by outcome. An alert's
 * own code (e.g. 8F66 executed) says more than its response code. */
export function OutcomeCell({ record }: { record: RecordView }) {
  const { responseCode, alertCode } = record;
  if (responseCode === null && alertCode === null) {
    return <span className="muted">—</span>;
  }
  return (
    <span className="codes">
      {alertCode !== null && (
        <Badge tone={codeTone(alertCode)} title="Alert code">
          {alertCode}
        </Badge>
      )}
      {responseCode !== null && (
        <Badge tone={codeTone(responseCode)} title="Response code">
          {responseCode}
        </Badge>
      )}
    </span>
  );
}

/** Whether the payload is shown in full or partly withheld. */
export function PayloadStateCell({ record }: { record: RecordView }) {
  if (record.withheld.length > 0) {
    return (
      <Badge
        tone="warn"
        title={`Withheld from you: ${record.withheld.join(', ')}`}
      >
        withheld ({record.withheld.length})
      </Badge>
    );
  }
  if (record.payload === null || record.payload === undefined) {
    return <span className="muted">none</span>;
  }
  return <span className="muted">full</span>;
}

/** Why the viewer sees this record, with the interval that grants it. */
export function BasisCell({ record }: { record: RecordView }) {
  const [label, sentence] = basisLabel(record.visibility.basis);
  const interval = formatInterval(record.visibility.interval);
  const tone = record.visibility.basis === 'own' ? 'muted' : 'info';
  return (
    <Badge tone={tone} title={`${sentence}; ${interval}`}>
      {label}
    </Badge>
  );
}
