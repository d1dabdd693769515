import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { SERIES_COLOURS, niceCeiling, toChartSeries } from './chart-series.ts';

describe('chart series', () => {
  it('stacks each bucket by SRV, in bucket order, with the busiest SRV first', () => {
    const chart = toChartSeries([
      { bucket: '2026-02-01', srv: '4.6.1', count: 2 },
      { bucket: '2026-01-01', srv: '1.1.1', count: 1 },
      { bucket: '2026-01-01', srv: '4.6.1', count: 5 },
    ]);
    assert.deepEqual(chart.series, ['4.6.1', '1.1.1']);
    assert.deepEqual(
      chart.bars.map((bar) => [bar.bucket, bar.counts, bar.total]),
      [
        ['2026-01-01', [5, 1], 6],
        ['2026-02-01', [2, 0], 2],
      ],
    );
    assert.equal(chart.max, 6);
  });

  it('sums the SRVs beyond the palette as "other", so the legend stays short', () => {
    const counts = Array.from({ length: 10 }, (_, index) => ({
      bucket: '2026-01-01',
      srv: `${index + 1}.1`,
      count: 20 - index,
    }));
    const chart = toChartSeries(counts);
    assert.equal(chart.series.length, SERIES_COLOURS.length);
    assert.equal(chart.series.at(-1), 'other');
    assert.equal(
      chart.bars[0]?.total,
      counts.reduce((n, c) => n + c.count, 0),
    );
  });

  it('rounds the axis up to 1, 2 or 5 times a power of ten', () => {
    assert.deepEqual(
      [0, 1, 3, 7, 19, 20, 21, 480].map(niceCeiling),
      [1, 1, 5, 10, 20, 20, 50, 500],
    );
  });
});
