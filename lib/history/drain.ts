// Drain ETA: at the current net rate (the slope of the backlog over the last few minutes),
// when does a queue or domain clear — and does that pass the message lifetime (`bounce-after`,
// guide §3.3.10; PowerMTA's default 4d12h), after which PowerMTA bounces what is still queued
// with category `message-expired`. "Expiry risk" is claimed only where a measured drain ETA
// really passes the lifetime: a backlog that is growing or flat over a window of minutes has
// no ETA, and extrapolating minutes of growth to a lifetime of days would flag every campaign
// peak and every short backoff episode. Such a backlog says "no ETA at this rate" instead.
// Pure module.
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
      // No ETA to compare with the lifetime: not an expiry risk until a drain rate is measured.
      expiryRisk: false,
      reason: `${
        status === 'growing' ? `backlog growing by ${Math.round(slope)} rcpt/min` : 'backlog not shrinking'
      }: no drain ETA at this rate; expiry risk is judged once it drains (lifetime ${lifetimeText(i.lifetimeSeconds)})`,
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
    reason: expiryRisk
      ? `clears only after the message lifetime (bounce-after ${lifetimeText(i.lifetimeSeconds)}): the oldest messages will expire`
      : `clears within the message lifetime (bounce-after ${lifetimeText(i.lifetimeSeconds)})`,
  };
}

/** 388800 → "4d12h", the way `bounce-after` is written. */
export function lifetimeText(seconds: number): string {
  let s = Math.max(0, Math.round(seconds));
  let out = '';
  for (const [u, n] of [
    ['d', 86_400],
    ['h', 3_600],
    ['m', 60],
    ['s', 1],
  ] as const) {
    if (s >= n) {
      out += `${Math.floor(s / n)}${u}`;
      s %= n;
    }
  }
  return out || '0s';
}
