/**
 * Lays out intervals on a time axis: one lane per device, bars from each
 * interval's start to its end (or to `now` when still open), and round
 * tick marks.
 */

/** An interval of one device on the timeline. */
export interface TimelineSpan {
  readonly laneId: string;
  readonly label: string;
  readonly from: string;
  readonly to: string | null;
}

/** A lane and its bars, as fractions (0–1) of the axis. */
export interface TimelineLane {
  readonly laneId: string;
  readonly label: string;
  readonly bars: readonly { start: number; end: number; open: boolean }[];
}

/** Lanes in first-appearance order, the axis's ends and its ticks. */
export interface TimelineLayout {
  readonly lanes: readonly TimelineLane[];
  readonly start: number;
  readonly end: number;
  readonly ticks: readonly { at: number; label: string }[];
}

/** Places every span; `now` (epoch ms) closes open intervals. */
export function layoutTimeline(
  spans: readonly TimelineSpan[],
  now: number,
): TimelineLayout {
  const times = spans.flatMap((span) => [
    Date.parse(span.from),
    span.to === null ? now : Date.parse(span.to),
  ]);
  const start = Math.min(...times);
  const end = Math.max(...times, start + 86_400_000);
  const place = (ms: number) => (ms - start) / (end - start);

  const lanes = new Map<string, TimelineLane>();
  for (const span of spans) {
    const lane = lanes.get(span.laneId) ?? {
      laneId: span.laneId,
      label: span.label,
      bars: [],
    };
    const stop = span.to === null ? now : Date.parse(span.to);
    const bar = {
      start: place(Date.parse(span.from)),
      end: place(stop),
      open: span.to === null,
    };
    lanes.set(span.laneId, { ...lane, bars: [...lane.bars, bar] });
  }
  return { lanes: [...lanes.values()], start, end, ticks: ticks(start, end) };
}

/** About six ticks on month starts, labelled `2025-03`. */
function ticks(start: number, end: number): { at: number; label: string }[] {
  const months = Math.max(1, (end - start) / (30 * 86_400_000));
  const step = [1, 2, 3, 6, 12, 24].find((m) => months / m <= 7) ?? 48;
  const first = new Date(start);
  let year = first.getUTCFullYear();
  let month = first.getUTCMonth() + 1;
  const found: { at: number; label: string }[] = [];
  for (;;) {
    if (month > 11) {
      year += Math.floor(month / 12);
      month %= 12;
    }
    const at = Date.UTC(year, month, 1);
    if (at > end) break;
    if (month % step === 0 || step === 1) {
      const label = `${year}-${String(month + 1).padStart(2, '0')}`;
      found.push({ at: (at - start) / (end - start), label });
    }
    month += 1;
  }
  return found;
}
