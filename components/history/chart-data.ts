// Turning API series into Recharts rows: one row per time, one key per series. Pure module.
import type { ChartAnnotation, NodeOutage, Point, Series } from '@/lib/history/api-types';

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

/** Operator actions close enough to overlap on a chart, drawn as one marker. */
export interface AnnotationGroup {
  at: number;
  items: ChartAnnotation[];
}

/**
 * Groups actions that would overlap: each group spans at most `fraction` of the chart's time
 * span (at 2 % of a ~900 px plot, markers 12 px wide would touch). Input in any order; groups
 * and their items oldest first; a group sits at its first action.
 */
export function groupAnnotations(list: ChartAnnotation[], spanMs: number, fraction = 0.02): AnnotationGroup[] {
  const window = Math.max(0, spanMs * fraction);
  const groups: AnnotationGroup[] = [];
  for (const a of [...list].sort((x, y) => x.at - y.at)) {
    const g = groups.at(-1);
    if (g && a.at - g.at <= window) g.items.push(a);
    else groups.push({ at: a.at, items: [a] });
  }
  return groups;
}

/** Outages as chart bands inside [from, to]: an open one runs to the chart's end. */
export function outageBands(outages: NodeOutage[], from: number, to: number): { from: number; to: number; label: string; node: string }[] {
  return outages
    .map((o) => ({ node: o.node, from: Math.max(o.from, from), to: Math.min(o.to ?? to, to), label: `${o.node} down` }))
    .filter((b) => b.to > b.from);
}
