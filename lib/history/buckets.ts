// Turning sparse per-bucket values into chart points. Pure module.
import type { Point } from './api-types';

/**
 * One point per bucket from `from` to `to`. A bucket without data repeats the last value when
 * the silence is short (a poll that landed in the neighbouring bucket), and is null once it
 * lasts longer than `gapMs`, so the chart line breaks instead of bridging an outage. The bucket
 * still open at `openAt` (the one holding "now") is never filled that way: its poll has not
 * come yet, and a repeated backlog there reads as a delivered rate of 0 at the chart's edge.
 */
export function fillBuckets(
  values: Map<number, number | null>,
  from: number,
  to: number,
  step: number,
  gapMs: number,
  carry = true,
  openAt = Infinity,
): Point[] {
  const out: Point[] = [];
  let last: number | null = null;
  let lastAt = -Infinity;
  for (let t = from; t < to; t += step) {
    const v = values.get(t);
    if (v !== undefined && v !== null) {
      out.push([t, v]);
      last = v;
      lastAt = t;
    } else if (carry && t < openAt && last !== null && t - lastAt <= gapMs && values.size) {
      out.push([t, last]);
    } else {
      out.push([t, null]);
    }
  }
  return out;
}

/** Point-wise sum; a bucket is null only when every input is null there. */
export function sumSeries(list: Point[][]): Point[] {
  const first = list[0];
  if (!first) return [];
  return first.map(([t], i) => {
    let sum: number | null = null;
    for (const s of list) {
      const v = s[i]?.[1];
      if (v !== null && v !== undefined) sum = (sum ?? 0) + v;
    }
    return [t, sum];
  });
}

/** Point-wise a − b (b's nulls count as 0). */
export function subtractSeries(a: Point[], b: Point[]): Point[] {
  return a.map(([t, v], i) => [t, v === null ? null : Math.max(0, v - (b[i]?.[1] ?? 0))]);
}
