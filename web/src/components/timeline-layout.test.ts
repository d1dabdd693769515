import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { layoutTimeline } from './timeline-layout.ts';

const NOW = Date.UTC(2026, 0, 1);

describe('timeline layout', () => {
  it('puts each device in one lane and runs open intervals to now', () => {
    const layout = layoutTimeline(
      [
        {
          laneId: 'a',
          label: 'ESME a',
          from: '2025-01-01T00:00:00Z',
          to: null,
        },
        {
          laneId: 'b',
          label: 'IHD b',
          from: '2025-01-01T00:00:00Z',
          to: '2025-07-02T12:00:00Z',
        },
        { laneId: 'b', label: 'IHD b', from: '2025-10-01T00:00:00Z', to: null },
      ],
      NOW,
    );
    assert.deepEqual(
      layout.lanes.map((lane) => [lane.laneId, lane.bars.length]),
      [
        ['a', 1],
        ['b', 2],
      ],
    );
    const [first] = layout.lanes[0]?.bars ?? [];
    assert.deepEqual(first, { start: 0, end: 1, open: true });
    const half = layout.lanes[1]?.bars[0]?.end ?? 0;
    assert.ok(Math.abs(half - 0.5) < 0.01, `about half way: ${half}`);
  });

  it('labels ticks on month starts inside the axis', () => {
    const layout = layoutTimeline(
      [{ laneId: 'a', label: 'a', from: '2025-01-15T00:00:00Z', to: null }],
      NOW,
    );
    assert.ok(layout.ticks.length >= 3 && layout.ticks.length <= 12);
    for (const tick of layout.ticks) {
      assert.match(tick.label, /^2025-\d\d$|^2026-01$/);
      assert.ok(tick.at >= 0 && tick.at <= 1);
    }
  });
});
