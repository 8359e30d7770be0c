import { describe, expect, it } from 'vitest';
import { backlogSlopePerMin, drainEstimate } from './drain';

const MIN = 60_000;
const lifetime = 4.5 * 86_400; // 4d12h
const line = (start: number, perMin: number, minutes: number, now: number) =>
  Array.from({ length: minutes + 1 }, (_, i) => ({ at: now - (minutes - i) * MIN, rcp: Math.max(0, start + perMin * i) }));

describe('drain ETA', () => {
  const now = 10_000_000_000;

  it('measures the slope by least squares', () => {
    expect(backlogSlopePerMin(line(1000, -50, 10, now))).toBeCloseTo(-50, 9);
    expect(backlogSlopePerMin([{ at: 1, rcp: 5 }])).toBeNull();
  });

  it('a draining backlog clears at backlog / net rate', () => {
    const e = drainEstimate({ points: line(1000, -50, 10, now), now, windowMs: 10 * MIN, lifetimeSeconds: lifetime });
    expect(e).toMatchObject({ status: 'draining', rcp: 500, expiryRisk: false });
    expect(e.etaMs).toBe(10 * MIN);
    expect(e.clearsAt).toBe(now + 10 * MIN);
  });

  it('flags expiry risk when the ETA passes the message lifetime', () => {
    // 1,000,000 recipients draining by 100/min: ~6.9 days > 4d12h.
    const e = drainEstimate({ points: line(1_001_000, -100, 10, now), now, windowMs: 10 * MIN, lifetimeSeconds: lifetime });
    expect(e.status).toBe('draining');
    expect(e.etaMs).toBe(10_000 * MIN);
    expect(e.expiryRisk).toBe(true);
    // Same backlog with a one-week lifetime is fine.
    expect(drainEstimate({ points: line(1_001_000, -100, 10, now), now, windowMs: 10 * MIN, lifetimeSeconds: 7 * 86_400 }).expiryRisk).toBe(false);
  });

  it('a growing or flat backlog never clears at this rate: expiry risk, no ETA', () => {
    const g = drainEstimate({ points: line(100, 20, 10, now), now, windowMs: 10 * MIN, lifetimeSeconds: lifetime });
    expect(g).toMatchObject({ status: 'growing', etaMs: null, expiryRisk: true });
    const f = drainEstimate({ points: line(100, 0, 10, now), now, windowMs: 10 * MIN, lifetimeSeconds: lifetime });
    expect(f).toMatchObject({ status: 'steady', etaMs: null, expiryRisk: true });
  });

  it('empty and unknown backlogs', () => {
    expect(drainEstimate({ points: line(0, 0, 3, now), now, windowMs: 10 * MIN, lifetimeSeconds: lifetime })).toMatchObject({
      status: 'empty',
      etaMs: 0,
      expiryRisk: false,
    });
    expect(drainEstimate({ points: [], now, windowMs: 10 * MIN, lifetimeSeconds: lifetime })).toMatchObject({ status: 'unknown', expiryRisk: false });
    // Only points inside the window count: one old point and one new one is not enough… but two recent are.
    expect(
      drainEstimate({
        points: [
          { at: now - 60 * MIN, rcp: 900 },
          { at: now, rcp: 500 },
        ],
        now,
        windowMs: 10 * MIN,
        lifetimeSeconds: lifetime,
      }).status,
    ).toBe('unknown');
  });
});
