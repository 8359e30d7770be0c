// Rates from PowerMTA's cumulative traffic counters. PowerMTA only reports totals since it
// started (or since `reset counters`), so a rate is the difference between two polls divided
// by the time between them — measured on the console's own receive clock, because node clocks
// drift and PowerMTA prints times without a zone. Pure module.
import { COUNTERS, type Counter } from './metrics';

export type Counters = Record<Counter, number | null>;

/**
 * What a counter accumulated between two polls. A counter that went down was reset (node
 * restart or `reset counters`) in between: its new value is what accumulated since the reset.
 * That misses what was counted between the last poll and the reset, which is unknowable, but
 * it is never negative.
 */
export function counterDelta(prev: number | null | undefined, cur: number | null | undefined): number | null {
  if (cur === null || cur === undefined || prev === null || prev === undefined) return null;
  return cur >= prev ? cur - prev : cur;
}

export interface CounterSample {
  at: number;
  totals: Counters;
}

export interface DeltaSample {
  at: number;
  /** Elapsed ms since the previous accepted sample; null for the first one. */
  dtMs: number | null;
  deltas: Counters | null;
  /** The previous sample is more than the gap threshold ago. */
  gap: boolean;
}

/**
 * Deltas of one new sample against the previous accepted one, or null when the sample must be
 * ignored: a receive time that does not move forward (clock stepped back, duplicate delivery
 * of the same poll) would otherwise divide by zero or a negative time.
 */
export function deltaSample(prev: CounterSample | null, cur: CounterSample, gapMs: number): DeltaSample | null {
  if (!prev) return { at: cur.at, dtMs: null, deltas: null, gap: false };
  const dtMs = cur.at - prev.at;
  if (!(dtMs > 0)) return null;
  const deltas = {} as Counters;
  for (const c of COUNTERS) deltas[c] = counterDelta(prev.totals[c], cur.totals[c]);
  return { at: cur.at, dtMs, deltas, gap: dtMs > gapMs };
}

export interface RatePoint {
  at: number;
  /** Per minute; null breaks the line (first sample, or the start of a gap). */
  perMin: number | null;
}

/**
 * Per-minute rate of one counter over a series of polls. Missed polls are divided by the real
 * elapsed time (an average, never a spike); a silence longer than `gapMs` also puts a null
 * point just after the last sample before it, so a chart breaks the line across the gap.
 */
export function rateSeries(samples: CounterSample[], counter: Counter, gapMs: number): RatePoint[] {
  const out: RatePoint[] = [];
  let prev: CounterSample | null = null;
  for (const s of samples) {
    const d = deltaSample(prev, s, gapMs);
    if (!d) continue;
    if (d.gap && prev) out.push({ at: prev.at + 1, perMin: null });
    const delta = d.deltas?.[counter] ?? null;
    out.push({ at: s.at, perMin: delta === null || d.dtMs === null ? null : (delta / d.dtMs) * 60_000 });
    prev = s;
  }
  return out;
}

/** Sum of rate × elapsed time: what the rates say was counted (the inverse of rateSeries). */
export function integrate(points: { at: number; perMin: number | null }[], startAt: number): number {
  let total = 0;
  let last = startAt;
  for (const p of points) {
    if (p.perMin !== null && p.at > last) total += (p.perMin * (p.at - last)) / 60_000;
    last = Math.max(last, p.at);
  }
  return total;
}
