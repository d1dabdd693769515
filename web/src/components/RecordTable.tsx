/**
 * A dense, semantic table of SAT records, newest first. A row opens into
 * its details: the payload as the viewer may see it, why the viewer can see
 * the record, and the whole Request thread.
 */
import { Fragment, useState } from 'react';

import type { RecordView } from '../api/api-types.ts';
import { kindLabel } from '../format/status-format.ts';
import { formatTime } from '../format/time-format.ts';
import { Link } from '../routing/Link.tsx';
import { deviceHref } from '../routing/app-paths.ts';
import { RecordDetail } from './RecordDetail.tsx';
import {
  BasisCell,
  OutcomeCell,
  PayloadStateCell,
  SrvCell,
} from './RecordCells.tsx';
import { SenderCell } from './SenderCell.tsx';

interface RecordTableProps {
  readonly records: readonly RecordView[];
  readonly ownParty: string;
  readonly caption: string;
  /** Adds a Device column (lists that span devices, like the feed). */
  readonly showDevice?: boolean;
}

/** The record list with expandable rows. */
export function RecordTable(props: RecordTableProps) {
  const { records, caption, showDevice = false } = props;
  const [open, setOpen] = useState<ReadonlySet<number>>(new Set());
  const columns = showDevice ? 10 : 9;

  function toggle(id: number) {
    setOpen((before) => {
      const next = new Set(before);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  }

  return (
    <div className="table-scroll">
      <table className="records">
        <caption className="visually-hidden">{caption}</caption>
        <RecordHead showDevice={showDevice} />
        <tbody>
          {records.map((record, index) => (
            <Fragment key={record.id}>
              <RecordRow
                striped={index % 2 === 1}
                record={record}
                ownParty={props.ownParty}
                showDevice={showDevice}
                expanded={open.has(record.id)}
                onToggle={() => toggle(record.id)}
              />
              {open.has(record.id) && (
                <tr className="detail-row" id={`record-${record.id}`}>
                  <td colSpan={columns}>
                    <RecordDetail record={record} ownParty={props.ownParty} />
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

function RecordHead({ showDevice }: { showDevice: boolean }) {
  return (
    <thead>
      <tr>
        <th scope="col">
          <span className="visually-hidden">Details</span>
        </th>
        <th scope="col">Logged (UTC)</th>
        {showDevice && <th scope="col">Device</th>}
        <th scope="col">Kind</th>
        <th scope="col">SRV</th>
        <th scope="col">DCC User</th>
        <th scope="col">Outcome</th>
        <th scope="col">Executes (UTC)</th>
        <th scope="col">Payload</th>
        <th scope="col">Visible as</th>
      </tr>
    </thead>
  );
}

interface RecordRowProps {
  readonly striped: boolean;
  readonly record: RecordView;
  readonly ownParty: string;
  readonly showDevice: boolean;
  readonly expanded: boolean;
  readonly onToggle: () => void;
}

function RecordRow(props: RecordRowProps) {
  const { record, expanded } = props;
  const other =
    record.sender.partyId !== null && record.sender.partyId !== props.ownParty;
  const classes = [
    'record',
    other && 'other-party',
    props.striped && 'striped',
  ];
  return (
    <tr className={classes.filter(Boolean).join(' ')}>
      <td>
        <button
          type="button"
          className="expander"
          aria-expanded={expanded}
          aria-controls={`record-${record.id}`}
          onClick={props.onToggle}
        >
          <span aria-hidden="true">{expanded ? '▾' : '▸'}</span>
          <span className="visually-hidden">
            {expanded ? 'Hide' : 'Show'} details of record {record.id}
          </span>
        </button>
      </td>
      <td className="nowrap">{formatTime(record.loggedAt)}</td>
      {props.showDevice && <DeviceCell deviceId={record.deviceId} />}
      <td>{kindLabel(record.kind)}</td>
      <td>
        <SrvCell record={record} />
      </td>
      <td>
        <SenderCell sender={record.sender} ownParty={props.ownParty} />
      </td>
      <td>
        <OutcomeCell record={record} />
      </td>
      <td className="nowrap">{formatTime(record.executionAt)}</td>
      <td>
        <PayloadStateCell record={record} />
      </td>
      <td>
        <BasisCell record={record} />
      </td>
    </tr>
  );
}

function DeviceCell({ deviceId }: { deviceId: string | null }) {
  if (deviceId === null) return <td className="muted">—</td>;
  return (
    <td>
      <Link href={deviceHref(deviceId)} className="eui">
        {deviceId}
      </Link>
    </td>
  );
}
