// What the fleet has seen over its recent polls, in memory: per-domain backlog for every
// domain over the last few polls (enough for the "backing up" rule), and per-queue backlog
// series for the domains worth charting (the largest backlogs and any domain asked for),
// bounded so that a 100k-queue fleet cannot grow it without limit. Long-term history lives
// in the store; this is what a drill-down can show before any history exists.
import type { QueueTable } from './queue-table';

export interface DomainSample {
  at: number;
  rcp: number;
}

export interface QueueSeries {
  node: string;
  queue: string;
  vmta: string;
  points: { at: number; rcp: number }[];
}

interface NodeHistory {
  /** Newest last: per-domain backlog (lower-cased domain → rcp) at each poll. */
  domainSamples: { at: number; rcp: Map<string, number> }[];
  /** queue name → points, for tracked domains only. */
  queueSeries: Map<string, { domain: string; vmta: string; points: { at: number; rcp: number }[] }>;
}

export class BacklogHistory {
  private nodes = new Map<string, NodeHistory>();
  private pinned = new Map<string, number>();

  constructor(
    private readonly domainSamples = 12,
    private readonly seriesPoints = 360,
    private readonly trackedDomains = 200,
  ) {}

  /** Ask for per-queue series of a domain (e.g. someone opened its drill-down). */
  pin(domain: string, now = Date.now()): void {
    this.pinned.set(domain.toLowerCase(), now);
  }

  record(node: string, at: number, table: QueueTable): void {
    const h: NodeHistory = this.nodes.get(node) ?? { domainSamples: [], queueSeries: new Map() };
    this.nodes.set(node, h);
    const totals = table.domainTotals();
    h.domainSamples.push({ at, rcp: new Map(totals.map((t) => [t.domain.toLowerCase(), t.rcp])) });
    if (h.domainSamples.length > this.domainSamples) h.domainSamples.shift();

    // Track the largest backlogs plus pinned domains (pins expire after an hour unseen).
    for (const [d, t] of this.pinned) if (at - t > 3_600_000) this.pinned.delete(d);
    const tracked = new Set(totals.slice(0, this.trackedDomains).map((t) => t.domain.toLowerCase()));
    for (const d of this.pinned.keys()) tracked.add(d);
    const seen = new Set<string>();
    for (const d of tracked) {
      for (const i of table.rowsOfDomain(d)) {
        const name = table.names[i]!;
        seen.add(name);
        let s = h.queueSeries.get(name);
        if (!s) {
          s = { domain: d, vmta: table.vmtaOf(i), points: [] };
          h.queueSeries.set(name, s);
        }
        s.points.push({ at, rcp: table.columns.rcp[i]! || 0 });
        if (s.points.length > this.seriesPoints) s.points.shift();
      }
    }
    // A series that stopped being tracked (or whose queue vanished) is dropped.
    for (const name of h.queueSeries.keys()) if (!seen.has(name)) h.queueSeries.delete(name);
  }

  /** Oldest first. */
  domainTrend(node: string, domain: string): DomainSample[] {
    const key = domain.toLowerCase();
    return (this.nodes.get(node)?.domainSamples ?? []).map((s) => ({ at: s.at, rcp: s.rcp.get(key) ?? 0 }));
  }

  queueSeriesOf(domain: string): QueueSeries[] {
    const key = domain.toLowerCase();
    const out: QueueSeries[] = [];
    for (const [node, h] of this.nodes) {
      for (const [queue, s] of h.queueSeries) if (s.domain === key) out.push({ node, queue, vmta: s.vmta, points: s.points });
    }
    return out;
  }

  forget(node: string): void {
    this.nodes.delete(node);
  }
}
