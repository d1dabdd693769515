/**
 * The installation: the devices of one HAN (meters, communications hub,
 * gas proxy, PPMID, IHD …) on one timeline, from the HAN part of the device
 * explanation, with the same facts as a table.
 */
import type { DeviceExplanation } from '../api/api-types.ts';
import { formatDay } from '../format/time-format.ts';
import { Link } from '../routing/Link.tsx';
import { deviceHref } from '../routing/app-paths.ts';
import { EmptyState } from './LoadState.tsx';
import { layoutTimeline, type TimelineLane } from './timeline-layout.ts';

const WIDTH = 960;
const LABEL_W = 240;
const LANE_H = 26;
const AXIS_H = 24;

/** The HAN timeline and table for the device's installation. */
export function InstallationTimeline({
  explanation,
}: {
  explanation: DeviceExplanation;
}) {
  const rows = explanation.installation;
  if (rows.length === 0) {
    return (
      <EmptyState title="No HAN is recorded for this device.">
        <p>Its installation appears once HAN links are loaded for it.</p>
      </EmptyState>
    );
  }
  const layout = layoutTimeline(
    rows.map((row) => ({
      laneId: row.deviceId,
      label: `${row.deviceType} ${row.deviceId}`,
      from: row.from,
      to: row.to,
    })),
    Date.now(),
  );
  const height = AXIS_H + layout.lanes.length * LANE_H + 8;
  return (
    <section className="timeline" aria-labelledby="installation-heading">
      <h2 id="installation-heading">Devices on this HAN</h2>
      <svg
        width={WIDTH}
        height={height}
        viewBox={`0 0 ${WIDTH} ${height}`}
        role="img"
        aria-label={`Timeline of ${layout.lanes.length} devices on the HAN of ${explanation.deviceId}; the table below lists the same intervals`}
      >
        <Axis ticks={layout.ticks} height={height} />
        {layout.lanes.map((lane, index) => (
          <Lane
            key={lane.laneId}
            lane={lane}
            y={AXIS_H + index * LANE_H}
            current={lane.laneId === explanation.deviceId}
          />
        ))}
      </svg>
      <InstallationTable explanation={explanation} />
    </section>
  );
}

function Axis({
  ticks,
  height,
}: {
  ticks: readonly { at: number; label: string }[];
  height: number;
}) {
  const plot = WIDTH - LABEL_W - 10;
  return (
    <g className="axis">
      {ticks.map((tick) => {
        const x = LABEL_W + tick.at * plot;
        return (
          <g key={tick.label}>
            <line x1={x} x2={x} y1={AXIS_H - 6} y2={height} />
            <text x={x} y={AXIS_H - 10} textAnchor="middle">
              {tick.label}
            </text>
          </g>
        );
      })}
    </g>
  );
}

function Lane({
  lane,
  y,
  current,
}: {
  lane: TimelineLane;
  y: number;
  current: boolean;
}) {
  const plot = WIDTH - LABEL_W - 10;
  return (
    <g>
      <text
        className={current ? 'lane-label' : 'lane-label muted-label'}
        x={4}
        y={y + LANE_H / 2 + 4}
        fontWeight={current ? 700 : 400}
      >
        {lane.label}
      </text>
      {lane.bars.map((bar, index) => (
        <rect
          key={index}
          x={LABEL_W + bar.start * plot}
          y={y + 5}
          width={Math.max(2, (bar.end - bar.start) * plot)}
          height={LANE_H - 10}
          rx={3}
          fill={current ? '#0b3954' : '#4f8fba'}
        />
      ))}
    </g>
  );
}

function InstallationTable({
  explanation,
}: {
  explanation: DeviceExplanation;
}) {
  return (
    <table className="records">
      <caption className="visually-hidden">
        Devices on this HAN and when each was linked to which meter
      </caption>
      <thead>
        <tr>
          <th scope="col">Device</th>
          <th scope="col">Type</th>
          <th scope="col">Linked to meter</th>
          <th scope="col">From (UTC)</th>
          <th scope="col">To (UTC)</th>
        </tr>
      </thead>
      <tbody>
        {explanation.installation.map((row, index) => (
          <tr key={index}>
            <td>
              {row.deviceId === explanation.deviceId ? (
                <strong className="eui">{row.deviceId} (this device)</strong>
              ) : (
                <Link href={deviceHref(row.deviceId)} className="eui">
                  {row.deviceId}
                </Link>
              )}
            </td>
            <td>{row.deviceType}</td>
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
