// Per-domain backlog of every domain over a node's last few polls, in memory: the input of the
// "backing up" rule (growth across consecutive polls). Charts over time come from the history
// store (lib/history), not from here.
import type { QueueTable } from './queue-table';

export interface DomainSample {
  at: number;
  rcp: number;
}

export class BacklogHistory {
  /** node → newest-last samples of (lower-cased domain → rcp). */
  private nodes = new Map<string, { at: number; rcp: Map<string, number> }[]>();

  constructor(private readonly samples = 12) {}

  record(node: string, at: number, table: QueueTable): void {
    const list = this.nodes.get(node) ?? [];
    this.nodes.set(node, list);
    const rcp = new Map<string, number>();
    for (const t of table.domainTotals()) {
      const key = t.domain.toLowerCase();
      rcp.set(key, (rcp.get(key) ?? 0) + t.rcp);
    }
    list.push({ at, rcp });
    if (list.length > this.samples) list.shift();
  }

  /** Oldest first. */
  domainTrend(node: string, domain: string): DomainSample[] {
    const key = domain.toLowerCase();
    return (this.nodes.get(node) ?? []).map((s) => ({ at: s.at, rcp: s.rcp.get(key) ?? 0 }));
  }

  forget(node: string): void {
    this.nodes.delete(node);
  }
}
