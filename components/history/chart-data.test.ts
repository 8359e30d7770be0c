import { describe, expect, it } from 'vitest';
import { groupAnnotations, hasData, outageBands, toRows } from './chart-data';
import { parseCustomRange, parsePeriod, parsePeriodParams, periodRange, periodUrlPatch } from './period';

describe('chart rows', () => {
  it('merges series by time under index keys, keeping nulls (line breaks)', () => {
    const rows = toRows([
      {
        key: 'gmail.com',
        label: 'gmail.com',
        points: [
          [1, 5],
          [2, null],
          [3, 7],
        ],
      },
      {
        key: 'a/vmta-1',
        label: 'x',
        points: [
          [1, 1],
          [3, 2],
        ],
      },
    ]);
    expect(rows).toEqual([
      { t: 1, s0: 5, s1: 1 },
      { t: 2, s0: null },
      { t: 3, s0: 7, s1: 2 },
    ]);
    expect(
      hasData([
        {
          key: 'k',
          label: 'k',
          points: [
            [1, null],
            [2, 3],
          ],
        },
      ]),
    ).toBe(false);
  });

  it('periods: unknown values fall back to 1h; relative from', () => {
    expect(parsePeriod('6h')).toBe('6h');
    expect(parsePeriod('2h')).toBe('1h');
    expect(parsePeriod(null)).toBe('1h');
    expect(periodRange('7d')).toEqual({ from: 'now-7d' });
  });
});

describe('free chart range', () => {
  it('parses a UTC from–to pair, refusing reversed, empty, malformed and over-long ranges', () => {
    expect(parseCustomRange('2026-12-01T10:00', '2026-12-01T14:30')).toEqual({ from: Date.UTC(2026, 11, 1, 10), to: Date.UTC(2026, 11, 1, 14, 30) });
    expect(parseCustomRange('2026-12-01T14:00', '2026-12-01T10:00')).toBeNull();
    expect(parseCustomRange('2026-12-01T10:00', '2026-12-01T10:00')).toBeNull();
    expect(parseCustomRange('', '2026-12-01T10:00')).toBeNull();
    expect(parseCustomRange('yesterday', '2026-12-01T10:00')).toBeNull();
    expect(parseCustomRange('2026-01-01T00:00', '2026-12-01T00:00')).toBeNull();
  });

  it('round-trips through the URL and asks the API for exactly that range', () => {
    const p = { from: Date.UTC(2026, 11, 1, 10), to: Date.UTC(2026, 11, 1, 14) };
    const patch = periodUrlPatch(p);
    expect(patch).toEqual({ period: 'custom', from: '2026-12-01T10:00', to: '2026-12-01T14:00' });
    expect(parsePeriodParams(new URLSearchParams(patch as Record<string, string>))).toEqual(p);
    expect(periodRange(p)).toEqual({ from: '2026-12-01T10:00:00.000Z', to: '2026-12-01T14:00:00.000Z' });
    // A preset clears the range; a broken range falls back to the default preset.
    expect(periodUrlPatch('6h')).toEqual({ period: '6h', from: null, to: null });
    expect(parsePeriodParams(new URLSearchParams('period=custom&from=2026-12-01T10:00'))).toBe('1h');
    expect(parsePeriodParams(new URLSearchParams('period=24h&from=2026-12-01T10:00&to=2026-12-01T11:00'))).toBe('24h');
  });
});

describe('overlapping action markers and outage bands', () => {
  const a = (at: number, action = 'pause') => ({ at, user: 'alice', action, pattern: 'gmail.com/*', nodes: ['pmta1'] });
  it('groups actions within 2 % of the span into one marker, oldest first', () => {
    const H = 3_600_000;
    const groups = groupAnnotations([a(10 * 60_000, 'resume'), a(0), a(30_000, 'retry'), a(40 * 60_000)], H);
    expect(groups.map((g) => [g.at, g.items.map((i) => i.action)])).toEqual([
      [0, ['pause', 'retry']],
      [10 * 60_000, ['resume']],
      [40 * 60_000, ['pause']],
    ]);
    // On a 7-day chart the same actions are one group of four.
    expect(groupAnnotations([a(10 * 60_000), a(0), a(30_000), a(40 * 60_000)], 7 * 24 * H)).toHaveLength(1);
    expect(groupAnnotations([], H)).toEqual([]);
  });

  it('outage bands are clipped to the chart and labelled with the node; an open one runs to the end', () => {
    expect(
      outageBands(
        [
          { node: 'pmta3', from: 50, to: 80 },
          { node: 'pmta1', from: 150, to: null },
          { node: 'pmta2', from: 0, to: 90 },
        ],
        100,
        200,
      ),
    ).toEqual([{ node: 'pmta1', from: 150, to: 200, label: 'pmta1 down' }]);
  });
});
