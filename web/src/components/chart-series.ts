/**
 * Shapes SRV counts into stacked series for a chart: the busiest SRVs get
 * their own colour and the rest are summed as "other", so the legend stays
 * readable.
 */
import type { SrvCount } from '../api/api-types.ts';

/** One stacked bar: a bucket and its count per series. */
export interface ChartBar {
  readonly bucket: string;
  readonly total: number;
  readonly counts: readonly number[];
}

/** Bars in bucket order and the series (SRV or 'other') they stack. */
export interface ChartSeries {
  readonly series: readonly string[];
  readonly bars: readonly ChartBar[];
  readonly max: number;
}

/** Okabe–Ito colours: told apart with the common colour blindnesses. */
export const SERIES_COLOURS = [
  '#0072B2',
  '#E69F00',
  '#009E73',
  '#CC79A7',
  '#56B4E9',
  '#D55E00',
  '#6B6B6B',
];

const OTHER = 'other';

/** Groups counts into at most `SERIES_COLOURS.length` series. */
export function toChartSeries(counts: readonly SrvCount[]): ChartSeries {
  const named = busiestSrvs(counts, SERIES_COLOURS.length - 1);
  const hasOther = counts.some((row) => !named.includes(row.srv));
  const series = hasOther ? [...named, OTHER] : named;

  const byBucket = new Map<string, number[]>();
  for (const row of counts) {
    const bar = byBucket.get(row.bucket) ?? series.map(() => 0);
    const index = named.includes(row.srv)
      ? named.indexOf(row.srv)
      : series.length - 1;
    bar[index] = (bar[index] ?? 0) + row.count;
    byBucket.set(row.bucket, bar);
  }

  const bars = [...byBucket.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([bucket, values]) => ({
      bucket,
      counts: values,
      total: values.reduce((sum, value) => sum + value, 0),
    }));
  const max = bars.reduce((top, bar) => Math.max(top, bar.total), 0);
  return { series, bars, max };
}

function busiestSrvs(counts: readonly SrvCount[], keep: number): string[] {
  const totals = new Map<string, number>();
  for (const row of counts) {
    totals.set(row.srv, (totals.get(row.srv) ?? 0) + row.count);
  }
  return [...totals.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, keep)
    .map(([srv]) => srv);
}

/** A round upper bound for the y axis (1, 2 or 5 times a power of ten). */
export function niceCeiling(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  const step = [1, 2, 5, 10].find((m) => m * power >= value) ?? 10;
  return step * power;
}
