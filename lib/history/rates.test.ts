import { describe, expect, it } from 'vitest';
import { counterDelta, deltaSample, integrate, rateSeries, type CounterSample, type Counters } from './rates';

const totals = (out: number | null, inn: number | null = 0): Counters => ({
  in_rcp: inn,
  in_msg: inn,
  in_kb: inn,
  out_rcp: out,
  out_msg: out,
  out_kb: out,
  bounce: 0,
  fbl: 0,
});
const s = (at: number, out: number | null): CounterSample => ({ at, totals: totals(out) });

describe('counter deltas', () => {
  it('is the difference while the counter grows, the new value after a reset, never negative', () => {
    expect(counterDelta(100, 160)).toBe(60);
    expect(counterDelta(100, 100)).toBe(0);
    expect(counterDelta(5000, 40)).toBe(40); // restart or `reset counters`
    expect(counterDelta(5000, 0)).toBe(0);
    expect(counterDelta(null, 10)).toBeNull();
    expect(counterDelta(10, null)).toBeNull();
  });

  it('ignores samples whose receive time does not move forward', () => {
    expect(deltaSample(s(10_000, 5), s(10_000, 9), 30_000)).toBeNull();
    expect(deltaSample(s(10_000, 5), s(9_000, 9), 30_000)).toBeNull();
    expect(deltaSample(s(10_000, 5), s(20_000, 9), 30_000)).toMatchObject({ dtMs: 10_000, gap: false, deltas: { out_rcp: 4 } });
    expect(deltaSample(null, s(20_000, 9), 30_000)).toEqual({ at: 20_000, dtMs: null, deltas: null, gap: false });
  });
});

describe('rate series', () => {
  const gap = 30_000;

  it('steady polls: delta over elapsed time, per minute', () => {
    const r = rateSeries([s(0, 0), s(10_000, 100), s(20_000, 250)], 'out_rcp', gap);
    expect(r).toEqual([
      { at: 0, perMin: null },
      { at: 10_000, perMin: 600 },
      { at: 20_000, perMin: 900 },
    ]);
  });

  it('a reset never produces a negative rate', () => {
    const r = rateSeries([s(0, 1000), s(10_000, 1100), s(20_000, 30), s(30_000, 130)], 'out_rcp', gap);
    expect(r.map((p) => p.perMin)).toEqual([null, 600, 180, 600]);
    expect(r.every((p) => p.perMin === null || p.perMin >= 0)).toBe(true);
  });

  it('a missed poll is divided by the real elapsed time (no spike)', () => {
    const r = rateSeries([s(0, 0), s(10_000, 100), s(30_000, 300)], 'out_rcp', gap);
    expect(r.map((p) => p.perMin)).toEqual([null, 600, 600]);
  });

  it('a gap longer than the threshold breaks the line, and the next point is the average over the gap', () => {
    const r = rateSeries([s(0, 0), s(10_000, 100), s(130_000, 1300), s(140_000, 1400)], 'out_rcp', gap);
    expect(r).toEqual([
      { at: 0, perMin: null },
      { at: 10_000, perMin: 600 },
      { at: 10_001, perMin: null },
      { at: 130_000, perMin: 600 },
      { at: 140_000, perMin: 600 },
    ]);
  });

  it('clock skew: a poll received "earlier" than the previous one is dropped, later ones continue', () => {
    const r = rateSeries([s(0, 0), s(10_000, 100), s(9_500, 150), s(20_000, 200)], 'out_rcp', gap);
    expect(r.map((p) => [p.at, p.perMin])).toEqual([
      [0, null],
      [10_000, 600],
      [20_000, 600],
    ]);
  });

  it('integrating the rates gives back what the counters counted, across resets', () => {
    const samples = [s(0, 0), s(10_000, 70), s(20_000, 150), s(30_000, 20), s(40_000, 90)];
    const r = rateSeries(samples, 'out_rcp', gap);
    expect(integrate(r, 0)).toBeCloseTo(70 + 80 + 20 + 70, 6);
  });
});
