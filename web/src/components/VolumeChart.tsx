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
const PAD = { left: 44, right: 8, top: 8, bottom: 28 };
const PLOT_W = WIDTH - PAD.left - PAD.right;
const PLOT_H = HEIGHT - PAD.top - PAD.bottom;

/** A stacked bar per bucket, coloured by SRV. */
export function VolumeChart({
  counts,
  title,
}: {
  counts: readonly SrvCount[];
  title: string;
}) {
  const chart = toChartSeries(counts);
  const top = niceCeiling(chart.max);
  const slot = PLOT_W / Math.max(1, chart.bars.length);
  const labelEvery = Math.max(1, Math.ceil(chart.bars.length / 8));
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
        {chart.bars.map((bar, index) => (
          <Bar
            key={bar.bucket}
            bar={bar}
            series={chart.series}
            x={PAD.left + index * slot}
            width={slot}
            top={top}
            labelled={index % labelEvery === 0}
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

interface BarProps {
  readonly bar: ChartBar;
  readonly series: readonly string[];
  readonly x: number;
  readonly width: number;
  readonly top: number;
  readonly labelled: boolean;
}

function Bar({ bar, series, x, width, top, labelled }: BarProps) {
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
      {labelled && (
        <text
          className="axis-label"
          x={x + width / 2}
          y={HEIGHT - 8}
          textAnchor="middle"
        >
          {shortBucket(bar.bucket)}
        </text>
      )}
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

/** `2025-03-10T00:00:00.000Z` → `03-10`; other spellings as they come. */
function shortBucket(bucket: string): string {
  const match = /^\d{4}-(\d{2})-(\d{2})/.exec(bucket);
  if (match === null) return bucket;
  return `${match[1]}-${match[2]}`;
}
