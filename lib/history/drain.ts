// Drain ETA: at the current net rate (the slope of the backlog over the last few minutes),
// when does a queue or domain clear — and does that pass the message lifetime (`bounce-after`),
// after which PowerMTA bounces what is still queued. Pure module.
import type { DrainEstimate } from './api-types';

export interface BacklogPoint {
  at: number;
  rcp: number;
}

/** Least-squares slope in recipients per minute; null with fewer than two distinct times. */
export function backlogSlopePerMin(points: BacklogPoint[]): number | null {
  if (points.length < 2) return null;
  const t0 = points[0]!.at;
  const n = points.length;
  let sx = 0;
  let sy = 0;
  for (const p of points) {
    sx += (p.at - t0) / 60_000;
    sy += p.rcp;
  }
  const mx = sx / n;
  const my = sy / n;
  let num = 0;
  let den = 0;
  for (const p of points) {
    const x = (p.at - t0) / 60_000 - mx;
    num += x * (p.rcp - my);
    den += x * x;
  }
  return den > 0 ? num / den : null;
}

export interface DrainInput {
  /** Backlog samples, oldest first; only those within the window before `now` are used. */
  points: BacklogPoint[];
  now: number;
  windowMs: number;
  lifetimeSeconds: number;
  /** A slope smaller than this (rcpt/min, either way) counts as steady. */
  steadyPerMin?: number;
}

export function drainEstimate(i: DrainInput): DrainEstimate {
  const recent = i.points.filter((p) => p.at >= i.now - i.windowMs && p.at <= i.now);
  const last = recent[recent.length - 1] ?? i.points[i.points.length - 1];
  const rcp = last?.rcp ?? 0;
  const lifetimeMs = i.lifetimeSeconds * 1000;
  const base = { rcp, slopePerMin: null, etaMs: null, clearsAt: null, expiryRisk: false };
  if (!last) return { ...base, status: 'unknown', reason: 'no backlog history yet' };
  if (rcp <= 0) return { ...base, status: 'empty', etaMs: 0, clearsAt: last.at, reason: 'no backlog' };
  const slope = backlogSlopePerMin(recent);
  if (slope === null) return { ...base, status: 'unknown', reason: 'not enough recent samples to measure a rate' };
  const steady = i.steadyPerMin ?? 0.5;
  if (slope > -steady) {
    const status = slope > steady ? 'growing' : 'steady';
    return {
      ...base,
      slopePerMin: slope,
      status,
      // At this rate it never clears: whatever is queued now runs into the lifetime.
      expiryRisk: true,
      reason:
        status === 'growing'
          ? `backlog growing by ${Math.round(slope)} rcpt/min: it will not clear at this rate`
          : 'backlog not shrinking: it will not clear at this rate',
    };
  }
  const etaMs = Math.round((rcp / -slope) * 60_000);
  const expiryRisk = etaMs > lifetimeMs;
  return {
    rcp,
    slopePerMin: slope,
    status: 'draining',
    etaMs,
    clearsAt: last.at + etaMs,
    expiryRisk,
    reason: expiryRisk ? 'clears only after the message lifetime (bounce-after): the oldest messages will expire' : 'clears within the message lifetime',
  };
}
