// Turning API series into Recharts rows: one row per time, one key per series. Pure module.
import type { Point, Series } from '@/lib/history/api-types';

export type ChartRow = { t: number } & Record<string, number | null>;

/** Series keys can contain dots and slashes, which Recharts reads as paths: use indexes. */
export const seriesDataKey = (i: number) => `s${i}`;

export function toRows(series: Series[]): ChartRow[] {
  const byT = new Map<number, ChartRow>();
  series.forEach((s, i) => {
    const k = seriesDataKey(i);
    for (const [t, v] of s.points as Point[]) {
      let row = byT.get(t);
      if (!row) byT.set(t, (row = { t } as ChartRow));
      row[k] = v;
    }
  });
  return [...byT.values()].sort((a, b) => a.t - b.t);
}

export function hasData(series: Series[]): boolean {
  return series.some((s) => s.points.filter((p) => p[1] !== null).length >= 2);
}
