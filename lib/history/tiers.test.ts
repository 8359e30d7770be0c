import { describe, expect, it } from 'vitest';
import { MAX_POINTS, planQuery } from './tiers';

const H = 3_600_000;
const D = 24 * H;
const now = 1_700_000_000_000;
const base = { now, retention: { raw: D, minute: 7 * D, hour: 90 * D }, pollIntervalMs: 10_000, watermarks: { minute: now - 2 * 60_000, hour: now - 2 * H } };

describe('query plan', () => {
  it.each([
    ['1h', H, 'raw', 10_000],
    ['6h', 6 * H, 'raw', 30_000],
    ['24h', D, '1m', 120_000],
    ['7d', 7 * D, '1m', 660_000],
    ['30d', 30 * D, '1h', H],
    ['90d', 90 * D, '1h', 3 * H],
  ])('%s → %s tier, ≤ %d points', (_l, span, tier, step) => {
    const p = planQuery({ ...base, from: now - span, to: now });
    expect(p.tier).toBe(tier);
    expect(p.step).toBe(step);
    expect(Math.ceil((p.to - p.from) / p.step)).toBeLessThanOrEqual(MAX_POINTS + 1);
  });

  it('reads what is not rolled up yet from the finer table', () => {
    const p = planQuery({ ...base, from: now - 7 * D, to: now });
    expect(p.segments.map((s) => s.res)).toEqual([60, 0]);
    expect(p.segments[0]!.to).toBe(base.watermarks.minute);
    expect(p.segments[1]!.from).toBe(base.watermarks.minute);
    const q = planQuery({ ...base, from: now - 30 * D, to: now });
    expect(q.segments.map((s) => s.res)).toEqual([3600, 60, 0]);
  });

  it('a fine step beyond the raw retention falls back to rollups; a requested step is honoured', () => {
    expect(planQuery({ ...base, from: now - 2 * D, to: now - 2 * D + H }).tier).toBe('1m');
    expect(planQuery({ ...base, from: now - H, to: now, step: 300_000 })).toMatchObject({ tier: '1m', step: 300_000 });
  });
});
