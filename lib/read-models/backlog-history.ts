// Per-domain backlog of every domain over a node's last few polls, in memory: the input of the
// "backing up" rule (growth across consecutive polls). Charts over time come from the history
// store (lib/history), not from here.
import { lowerDomainRcp } from '@/lib/queue-store/queue-columns';
import type { QueueTable } from '@/lib/queue-store/queue-table';

export interface DomainSample {
  at: number;
  rcp: number;
}

/** One poll: rcp per lower-cased domain, parallel to the "\n"-joined sorted `names`. */
interface Sample {
  at: number;
  names: string;
  rcp: Float64Array;
  /** Name → position, built on first lookup; shared by consecutive samples with equal names. */
  index: { map: Map<string, number> | null };
}

export class BacklogHistory {
  /** node → newest-last samples. */
  private nodes = new Map<string, Sample[]>();

  constructor(private readonly samples = 12) {}

  record(node: string, at: number, table: QueueTable): void {
    const list = this.nodes.get(node) ?? [];
    this.nodes.set(node, list);
    // Summed per lower-cased domain by the parse worker (computed here for tables built elsewhere).
    const { names, rcp } = table.columns.lowerDomainRcp ?? lowerDomainRcp(table.columns);
    const prev = list.at(-1);
    // Equal names (the usual case) arrive as a fresh copy from the worker each poll: keep the
    // previous one instead, so that 12 samples of a 100k-domain node hold one 2 MB string, not 12.
    if (prev && prev.names === names) list.push({ at, names: prev.names, rcp, index: prev.index });
    else list.push({ at, names, rcp, index: { map: null } });
    if (list.length > this.samples) list.shift();
  }

  /** Oldest first. */
  domainTrend(node: string, domain: string): DomainSample[] {
    const key = domain.toLowerCase();
    return (this.nodes.get(node) ?? []).map((s) => {
      if (!s.index.map) {
        const map = new Map<string, number>();
        if (s.names) s.names.split('\n').forEach((n, k) => map.set(n, k));
        s.index.map = map;
      }
      const k = s.index.map.get(key);
      return { at: s.at, rcp: k === undefined ? 0 : s.rcp[k]! };
    });
  }
}
