// Which stored resolution answers a query, and at what step, so that no series has more than
// MAX_POINTS points however long the range. Pure module.
import type { Tier } from './api-types';

export const MAX_POINTS = 1000;
const MIN = 60_000;
const HOUR = 3_600_000;

interface Segment {
  res: number;
  from: number;
  to: number;
}

export interface QueryPlan {
  tier: Tier;
  step: number;
  from: number;
  to: number;
  /** Start of the bucket holding "now": still open, its poll may not have come yet. */
  openAt: number;
  /** Oldest first; recent data not yet rolled up is read from the finer table. */
  segments: Segment[];
}

export interface PlanInput {
  from: number;
  to: number;
  step?: number;
  now: number;
  retention: { raw: number; minute: number; hour: number };
  pollIntervalMs: number;
  /** Ends of the rolled-up ranges (everything before is in the coarser table). */
  watermarks: { minute: number; hour: number };
}

const roundUp = (v: number, unit: number) => Math.max(unit, Math.ceil(v / unit) * unit);

export function planQuery(p: PlanInput): QueryPlan {
  const from = Math.floor(p.from);
  const to = Math.max(from + 1, Math.floor(p.to));
  const want = Math.max(p.step ?? 0, Math.ceil((to - from) / MAX_POINTS));
  const unit = Math.max(1000, Math.round(p.pollIntervalMs / 1000) * 1000);
  let tier: Tier;
  let step: number;
  if (want < MIN && from >= p.now - p.retention.raw) {
    tier = 'raw';
    // Whole poll intervals, so each bucket holds the same number of polls.
    step = roundUp(want, unit);
  } else if (want < HOUR && from >= p.now - p.retention.minute) {
    tier = '1m';
    step = roundUp(want, MIN);
  } else {
    tier = '1h';
    step = roundUp(want, HOUR);
  }
  const start = Math.floor(from / step) * step;
  const wmM = p.watermarks.minute;
  const wmH = Math.min(p.watermarks.hour, wmM);
  const raw: Segment[] = [];
  if (tier === 'raw') raw.push({ res: 0, from: start, to });
  else if (tier === '1m') raw.push({ res: 60, from: start, to: Math.min(to, wmM) }, { res: 0, from: Math.max(start, wmM), to });
  else
    raw.push(
      { res: 3600, from: start, to: Math.min(to, wmH) },
      { res: 60, from: Math.max(start, wmH), to: Math.min(to, wmM) },
      { res: 0, from: Math.max(start, wmM), to },
    );
  return { tier, step, from: start, to, openAt: Math.floor(p.now / step) * step, segments: raw.filter((s) => s.to > s.from) };
}
