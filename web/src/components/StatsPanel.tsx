/**
 * SRV volume over time for one device or for the viewer's portfolio,
 * loaded from `GET /api/stats`. The range ends at `endAt` (the newest
 * record the screen shows), so a history that stopped a while ago still
 * draws.
 */
import { useState } from 'react';

import { apiUrl } from '../api/api-client.ts';
import type { SrvCount } from '../api/api-types.ts';
import { useApi } from '../api/use-api.ts';
import { EmptyState, ErrorPanel, Loading } from './LoadState.tsx';
import { VolumeChart } from './VolumeChart.tsx';

type Bucket = 'day' | 'week' | 'month';

const WINDOWS: Record<Bucket, { label: string; days: number; size: number }> = {
  day: { label: 'last 31 days, by day', days: 31, size: 1 },
  week: { label: 'last 26 weeks, by week', days: 182, size: 7 },
  month: { label: 'last 13 months, by month', days: 396, size: 30.4 },
};

const DAY_MS = 86_400_000;

/** The chart with its range picker. */
export function StatsPanel({
  deviceId,
  endAt,
  title,
}: {
  deviceId?: string;
  endAt: string | null;
  title: string;
}) {
  const [bucket, setBucket] = useState<Bucket>('week');
  const end = endOfDay(endAt);
  const range = {
    from: end - WINDOWS[bucket].days * DAY_MS,
    to: end,
    bucketMs: WINDOWS[bucket].size * DAY_MS,
  };
  const url = apiUrl('/api/stats', {
    deviceId,
    bucket,
    from: new Date(range.from).toISOString(),
    to: new Date(range.to).toISOString(),
  });
  const stats = useApi<readonly SrvCount[]>(url);

  return (
    <section className="stats" aria-labelledby="stats-heading">
      <div className="section-bar">
        <h2 id="stats-heading">{title}</h2>
        <label className="field inline">
          <span>Window</span>
          <select
            value={bucket}
            onChange={(event) => setBucket(event.target.value as Bucket)}
          >
            {(Object.keys(WINDOWS) as Bucket[]).map((key) => (
              <option key={key} value={key}>
                {WINDOWS[key].label}
              </option>
            ))}
          </select>
        </label>
      </div>
      {stats.status === 'loading' && <Loading label="Counting SRVs" />}
      {stats.status === 'error' && (
        <ErrorPanel error={stats.error} onRetry={stats.reload} />
      )}
      {stats.status === 'ready' && stats.data.length === 0 && (
        <EmptyState title="No records in this range.">
          <p>Choose a longer range above.</p>
        </EmptyState>
      )}
      {stats.status === 'ready' && stats.data.length > 0 && (
        <VolumeChart counts={stats.data} title={title} range={range} />
      )}
    </section>
  );
}

/** The end of the UTC day of `iso` (or of today), in epoch ms. */
function endOfDay(iso: string | null): number {
  const at = iso === null ? Date.now() : new Date(iso).getTime();
  return Math.floor(at / DAY_MS) * DAY_MS + DAY_MS;
}
