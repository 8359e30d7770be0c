import { describe, expect, it } from 'vitest';
import { FleetBacklogSeries, OTHER_KEY } from './fleet-backlog-series';

const t = (o: Record<string, number>) => Object.entries(o).map(([domain, rcp]) => ({ domain, rcp }));

describe('FleetBacklogSeries', () => {
  it('charts the newest top N plus an exact "other"', () => {
    const s = new FleetBacklogSeries(10, 50, 0);
    s.record(1000, t({ a: 50, b: 10, c: 5 }));
    s.record(2000, t({ a: 40, b: 30, c: 7 }));
    const v = s.view(2);
    expect(v.domains).toEqual(['a', 'b', OTHER_KEY]);
    expect(v.points).toEqual([
      { at: 1000, a: 50, b: 10, [OTHER_KEY]: 5 },
      { at: 2000, a: 40, b: 30, [OTHER_KEY]: 7 },
    ]);
  });

  it('counts a domain outside a point\'s kept set as 0 there and keeps the total in "other"', () => {
    const s = new FleetBacklogSeries(10, 1, 0);
    s.record(1000, t({ a: 50, b: 10 }));
    s.record(2000, t({ b: 90, a: 5 }));
    const v = s.view(1);
    expect(v.domains).toEqual(['b', OTHER_KEY]);
    expect(v.points[0]).toEqual({ at: 1000, b: 0, [OTHER_KEY]: 60 });
    expect(v.points[1]).toEqual({ at: 2000, b: 90, [OTHER_KEY]: 5 });
  });

  it('omits "other" when the top N is everything, and is bounded', () => {
    const s = new FleetBacklogSeries(3, 50, 0);
    for (let i = 1; i <= 5; i++) s.record(i * 1000, t({ a: i }));
    const v = s.view(10);
    expect(v.domains).toEqual(['a']);
    expect(v.points.map((p) => p.at)).toEqual([3000, 4000, 5000]);
  });

  it('coalesces polls that land close together into one point', () => {
    const s = new FleetBacklogSeries(10, 50, 1000);
    s.record(1000, t({ a: 1 }));
    s.record(1400, t({ a: 2 }));
    s.record(2500, t({ a: 3 }));
    expect(s.view().points).toEqual([
      { at: 1400, a: 2 },
      { at: 2500, a: 3 },
    ]);
  });

  it('is empty before the first poll', () => {
    expect(new FleetBacklogSeries().view()).toEqual({ domains: [], points: [] });
  });
});
