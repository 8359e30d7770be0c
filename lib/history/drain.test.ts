import { describe, expect, it } from 'vitest';
import { backlogSlopePerMin, drainEstimate, lifetimeText } from './drain';

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

  it('expiry risk sits exactly where the ETA passes the lifetime: both sides of the line', () => {
    // 10,000 rcpt draining by 100/min: ETA 100 min.
    const pts = line(11_000, -100, 10, now);
    const at = (lifetimeSeconds: number) => drainEstimate({ points: pts, now, windowMs: 10 * MIN, lifetimeSeconds });
    expect(at(100 * 60).expiryRisk).toBe(false); // ETA == lifetime: clears just in time
    expect(at(100 * 60 - 60).expiryRisk).toBe(true); // a minute shorter: the oldest expire
    expect(at(100 * 60 - 60).reason).toContain('bounce-after 1h39m');
    expect(at(100 * 60 + 60).expiryRisk).toBe(false);
    expect(at(100 * 60 + 60).reason).toBe('clears within the message lifetime (bounce-after 1h41m)');
  });

  it('a growing or flat backlog has no ETA: no expiry risk claimed, and it says why', () => {
    const g = drainEstimate({ points: line(100, 20, 10, now), now, windowMs: 10 * MIN, lifetimeSeconds: lifetime });
    expect(g).toMatchObject({ status: 'growing', etaMs: null, expiryRisk: false });
    expect(g.reason).toBe('backlog growing by 20 rcpt/min: no drain ETA at this rate; expiry risk is judged once it drains (lifetime 4d12h)');
    const f = drainEstimate({ points: line(100, 0, 10, now), now, windowMs: 10 * MIN, lifetimeSeconds: lifetime });
    expect(f).toMatchObject({ status: 'steady', etaMs: null, expiryRisk: false });
  });

  it('writes lifetimes the way bounce-after does', () => {
    expect(lifetimeText(4.5 * 86_400)).toBe('4d12h');
    expect(lifetimeText(90 * 60)).toBe('1h30m');
    expect(lifetimeText(0)).toBe('0s');
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
