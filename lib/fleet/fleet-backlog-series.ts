// Fleet-wide backlog per domain over recent polls, for the overview's stacked chart. Each point
// keeps the largest KEEP domains and the fleet total, so the chart can show any top 10 (chosen
// by the newest point) plus an exact "other" (total minus the shown domains). A domain outside
// a point's kept set counts as 0 there — it was smaller than the KEEP-th domain then, which is
// small next to a top-10 series. Bounded: `maxPoints` points of at most KEEP entries each.
// Long-term history comes from the store; this is what exists from the first poll on.

export const OTHER_KEY = '(other)';

export interface BacklogChartPoint {
  at: number;
  [series: string]: number;
}

export interface BacklogSeriesView {
  /** Chart series in stacking order: the top domains, then OTHER_KEY when anything else is queued. */
  domains: string[];
  points: BacklogChartPoint[];
}

interface Sample {
  at: number;
  total: number;
  top: Map<string, number>;
}

export class FleetBacklogSeries {
  private samples: Sample[] = [];

  constructor(
    private readonly maxPoints = 360,
    private readonly keep = 50,
    /** Polls of several nodes closer together than this make one point (the newest wins). */
    private readonly coalesceMs = 1_000,
  ) {}

  /** `totals`: fleet-wide recipients per (lower-cased) domain at `at`. */
  record(at: number, totals: Iterable<{ domain: string; rcp: number }>): void {
    let total = 0;
    const all: { domain: string; rcp: number }[] = [];
    for (const t of totals) {
      total += t.rcp;
      if (t.rcp > 0) all.push(t);
    }
    all.sort((a, b) => b.rcp - a.rcp || a.domain.localeCompare(b.domain));
    const sample: Sample = { at, total, top: new Map(all.slice(0, this.keep).map((t) => [t.domain, t.rcp])) };
    const last = this.samples.at(-1);
    if (last && at - last.at < this.coalesceMs && at >= last.at) this.samples[this.samples.length - 1] = sample;
    else this.samples.push(sample);
    if (this.samples.length > this.maxPoints) this.samples.shift();
  }

  view(topN = 10): BacklogSeriesView {
    const newest = this.samples.at(-1);
    if (!newest) return { domains: [], points: [] };
    const domains = [...newest.top.keys()].slice(0, topN);
    const hasOther = this.samples.some((s) => s.total > domains.reduce((sum, d) => sum + (s.top.get(d) ?? 0), 0));
    const points = this.samples.map((s) => {
      const p: BacklogChartPoint = { at: s.at };
      let shown = 0;
      for (const d of domains) {
        const v = s.top.get(d) ?? 0;
        p[d] = v;
        shown += v;
      }
      if (hasOther) p[OTHER_KEY] = Math.max(0, s.total - shown);
      return p;
    });
    return { domains: hasOther ? [...domains, OTHER_KEY] : domains, points };
  }
}
