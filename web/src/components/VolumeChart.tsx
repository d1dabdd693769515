/**
 * SRV volume over time as an inline SVG stacked bar chart (no chart
 * library), with a legend and the same numbers as a table for screen
 * readers and for copying.
 */
import type { SrvCount } from '../api/api-types.ts';
import {
  SERIES_COLOURS,
  niceCeiling,
  toChartSeries,
  type ChartBar,
} from './chart-series.ts';

const WIDTH = 720;
const HEIGHT = 200;
const PAD = { left: 44, right: 36, top: 8, bottom: 28 };
const PLOT_W = WIDTH - PAD.left - PAD.right;
const PLOT_H = HEIGHT - PAD.top - PAD.bottom;

/** The time range a chart spans, in epoch ms, and its bucket length. */
export interface ChartRange {
  readonly from: number;
  readonly to: number;
  readonly bucketMs: number;
}

/** A stacked bar per bucket, coloured by SRV, placed on a time axis so
 * that empty periods show as gaps. */
export function VolumeChart({
  counts,
  title,
  range,
}: {
  counts: readonly SrvCount[];
  title: string;
  range: ChartRange;
}) {
  const chart = toChartSeries(counts);
  const top = niceCeiling(chart.max);
  const span = range.to - range.from;
  const xOf = (at: number) => PAD.left + ((at - range.from) / span) * PLOT_W;
  const slot = (range.bucketMs / span) * PLOT_W;
  return (
    <figure className="chart">
      <svg
        width={WIDTH}
        height={HEIGHT}
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-label={`${title}: ${chart.bars.length} periods, busiest period ${chart.max} records`}
      >
        <YAxis top={top} />
        <XAxis range={range} xOf={xOf} />
        {chart.bars.map((bar) => (
          <Bar
            key={bar.bucket}
            bar={bar}
            series={chart.series}
            x={xOf(Date.parse(bar.bucket))}
            width={slot}
            top={top}
          />
        ))}
      </svg>
      <figcaption>
        <Legend series={chart.series} />
      </figcaption>
      <ChartTable bars={chart.bars} series={chart.series} title={title} />
    </figure>
  );
}

function YAxis({ top }: { top: number }) {
  const ticks = [0, top / 2, top];
  return (
    <g className="axis">
      {ticks.map((tick) => {
        const y = PAD.top + PLOT_H - (tick / top) * PLOT_H;
        return (
          <g key={tick}>
            <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y} y2={y} />
            <text x={PAD.left - 6} y={y + 4} textAnchor="end">
              {tick}
            </text>
          </g>
        );
      })}
    </g>
  );
}

const TICKS = 6;

/** Evenly spaced dates under the plot. */
function XAxis({
  range,
  xOf,
}: {
  range: ChartRange;
  xOf: (at: number) => number;
}) {
  const step = (range.to - range.from) / TICKS;
  const ticks = Array.from(
    { length: TICKS + 1 },
    (_, i) => range.from + i * step,
  );
  return (
    <g className="axis">
      {ticks.map((at) => (
        <text
          key={at}
          className="axis-label"
          x={xOf(at)}
          y={HEIGHT - 8}
          textAnchor="middle"
        >
          {new Date(at).toISOString().slice(0, 10)}
        </text>
      ))}
    </g>
  );
}

interface BarProps {
  readonly bar: ChartBar;
  readonly series: readonly string[];
  readonly x: number;
  readonly width: number;
  readonly top: number;
}

function Bar({ bar, series, x, width, top }: BarProps) {
  const gap = Math.min(4, width * 0.2);
  let base = PAD.top + PLOT_H;
  return (
    <g>
      {bar.counts.map((count, index) => {
        const height = (count / top) * PLOT_H;
        base -= height;
        if (count === 0) return null;
        return (
          <rect
            key={index}
            x={x + gap / 2}
            y={base}
            width={Math.max(1, width - gap)}
            height={height}
            fill={SERIES_COLOURS[index] ?? '#6B6B6B'}
          >
            <title>{`${bar.bucket}: ${series[index]} × ${count}`}</title>
          </rect>
        );
      })}
    </g>
  );
}

function Legend({ series }: { series: readonly string[] }) {
  return (
    <ul className="legend">
      {series.map((name, index) => (
        <li key={name}>
          <svg width="12" height="12" aria-hidden="true">
            <rect width="12" height="12" fill={SERIES_COLOURS[index]} />
          </svg>{' '}
          {name}
        </li>
      ))}
    </ul>
  );
}

function ChartTable({
  bars,
  series,
  title,
}: {
  bars: readonly ChartBar[];
  series: readonly string[];
  title: string;
}) {
  return (
    <details className="chart-data">
      <summary>Show the numbers</summary>
      <table className="records compact">
        <caption className="visually-hidden">{title}</caption>
        <thead>
          <tr>
            <th scope="col">Period</th>
            {series.map((name) => (
              <th key={name} scope="col">
                {name}
              </th>
            ))}
            <th scope="col">Total</th>
          </tr>
        </thead>
        <tbody>
          {bars.map((bar) => (
            <tr key={bar.bucket}>
              <th scope="row">{bar.bucket}</th>
              {bar.counts.map((count, index) => (
                <td key={index} className="number">
                  {count}
                </td>
              ))}
              <td className="number">{bar.total}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
