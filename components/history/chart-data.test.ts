import { describe, expect, it } from 'vitest';
import { hasData, toRows } from './chart-data';
import { parsePeriod, periodRange } from './period';

describe('chart rows', () => {
  it('merges series by time under index keys, keeping nulls (line breaks)', () => {
    const rows = toRows([
      { key: 'gmail.com', label: 'gmail.com', points: [[1, 5], [2, null], [3, 7]] },
      { key: 'a/vmta-1', label: 'x', points: [[1, 1], [3, 2]] },
    ]);
    expect(rows).toEqual([
      { t: 1, s0: 5, s1: 1 },
      { t: 2, s0: null },
      { t: 3, s0: 7, s1: 2 },
    ]);
    expect(hasData([{ key: 'k', label: 'k', points: [[1, null], [2, 3]] }])).toBe(false);
  });

  it('periods: unknown values fall back to 1h; relative from', () => {
    expect(parsePeriod('6h')).toBe('6h');
    expect(parsePeriod('2h')).toBe('1h');
    expect(parsePeriod(null)).toBe('1h');
    expect(periodRange('7d')).toEqual({ from: 'now-7d' });
  });
});
