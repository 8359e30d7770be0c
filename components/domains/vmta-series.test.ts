import { describe, expect, it } from 'vitest';
import { seriesByVmta } from './vmta-series';

const s = (node: string, vmta: string, pts: [number, number][]) => ({ node, queue: `d/${vmta}`, vmta, points: pts.map(([at, rcp]) => ({ at, rcp })) });

describe('seriesByVmta', () => {
  it('sums queues of one vMTA across nodes polled out of phase, carrying values forward', () => {
    const r = seriesByVmta([s('n1', 'v1', [[1000, 10], [3000, 20]]), s('n2', 'v1', [[2000, 5], [4000, 7]]), s('n1', 'v2', [[1000, 1]])]);
    expect(r.vmtas).toEqual(['v1', 'v2']);
    expect(r.points).toEqual([
      { at: 1000, v1: 10, v2: 1 },
      { at: 2000, v1: 15, v2: 1 },
      { at: 3000, v1: 25, v2: 1 },
      { at: 4000, v1: 27, v2: 1 },
    ]);
  });

  it('narrows to one node', () => {
    const r = seriesByVmta([s('n1', 'v1', [[1000, 10]]), s('n2', 'v9', [[1000, 5]])], 'n2');
    expect(r).toEqual({ vmtas: ['v9'], points: [{ at: 1000, v9: 5 }] });
  });
});
